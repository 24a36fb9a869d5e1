package io.github.mcpsessions.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.adapter.SessionPersistenceAdapter;
import io.github.mcpsessions.internal.adapter.AdapterCore;
import io.github.mcpsessions.internal.adapter.DelegatingAdapter;

/**
 * Warms a replica before it reports ready, so the first clients a load balancer sends it are served
 * at speed and not by a cold JVM: once the adapter is {@link SessionPersistenceAdapter#readiness()
 * ready}, a few threads of this process call its own MCP endpoint over HTTP, as clients do, for a
 * bounded time: {@code initialize}, {@code tools/list}, the tool calls given, a restore (the session
 * let go here and asked for again, so the store is read and the session rebuilt through the SDK's
 * factory), a lookup of an unknown id and {@code DELETE}. That fills the connection pool and gets the
 * JIT to compile the request path, the store's statements and the SDK's. Each warm-up session is
 * deleted again. Until it is done, {@link #readiness()} is not ready: give it to the health endpoint
 * beside the adapter's, so a readiness probe waits for it; requests that come meanwhile are served.
 *
 * <pre>{@code
 * ReplicaWarmup warmup = ReplicaWarmup.builder(provider, URI.create("http://127.0.0.1:8080/mcp"))
 *     .duration(Duration.ofSeconds(5)).toolCall("recall", "{\"key\":\"x\"}").start();
 * }</pre>
 *
 * Thread-safe. {@link #close()} stops it early.
 *
 * @since 0.1.0
 */
public final class ReplicaWarmup implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ReplicaWarmup.class);

	private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
			+ "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"mcp-sessions-warmup\","
			+ "\"version\":\"1\"}}}";

	private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

	private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

	/** Well formed, and no session can have it (ids come from SecureRandom): a store lookup answered 404. */
	private static final String UNKNOWN_ID = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

	private final SessionPersistenceAdapter adapter;

	private final AdapterCore core;

	private final URI endpoint;

	private final Duration duration;

	private final int threads;

	private final List<String> calls;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final Thread runner;

	private volatile boolean done;

	private volatile boolean closed;

	private ReplicaWarmup(Builder builder) {
		this.adapter = builder.adapter;
		this.core = builder.adapter instanceof DelegatingAdapter delegating
				&& delegating.persistence() instanceof AdapterCore found ? found
						: builder.adapter instanceof AdapterCore found ? found : null;
		this.endpoint = builder.endpoint;
		this.duration = builder.duration;
		this.threads = builder.threads;
		this.calls = List.copyOf(builder.calls);
		this.runner = new Thread(this::run, "mcp-sessions-warmup");
		this.runner.setDaemon(true);
	}

	/**
	 * Starts a warm-up of {@code adapter} (the provider or filter of this library) through
	 * {@code endpoint}, the URL of its MCP endpoint on this process (e.g. {@code http://127.0.0.1:8080/mcp}).
	 */
	public static Builder builder(SessionPersistenceAdapter adapter, URI endpoint) {
		return new Builder(adapter, endpoint);
	}

	/** Not ready while warming up (or waiting for the adapter to be ready first); ready once done. */
	public Readiness readiness() {
		return this.done ? Readiness.READY
				: Readiness.notReady("warming up: " + this.requests.get() + " requests so far, at most "
						+ this.duration.toMillis() + " ms once the store answers");
	}

	/** How many requests the warm-up has sent so far. */
	public long requests() {
		return this.requests.get();
	}

	private void run() {
		while (!this.closed && !this.adapter.readiness().ready()) {
			LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
		}
		long start = System.nanoTime();
		long deadline = start + this.duration.toNanos();
		List<Thread> workers = new ArrayList<>();
		for (int i = 0; i < this.threads; i++) {
			Thread worker = new Thread(() -> {
				while (!this.closed && System.nanoTime() - deadline < 0) {
					round();
				}
			}, "mcp-sessions-warmup-" + i);
			worker.setDaemon(true);
			workers.add(worker);
			worker.start();
		}
		for (Thread worker : workers) {
			try {
				worker.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.done = true;
		logger.info("Warmed up with {} requests in {} ms ({} not answered as expected); reporting ready", this.requests.get(),
				(System.nanoTime() - start) / 1_000_000, this.failures.get());
	}

	/** One client's life: start, list, call, be restored, miss, end. */
	private void round() {
		HttpResponse<String> started = post(null, INITIALIZE, 200);
		String sessionId = started == null ? null : started.headers().firstValue("Mcp-Session-Id").orElse(null);
		if (sessionId == null) {
			LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
			return;
		}
		post(sessionId, INITIALIZED, 202);
		post(sessionId, TOOLS_LIST, 200);
		for (int i = 0; i < this.calls.size(); i++) {
			post(sessionId, this.calls.get(i), 200);
		}
		if (this.core != null) {
			this.core.release(sessionId);
			post(sessionId, TOOLS_LIST, 200);
		}
		post(UNKNOWN_ID, TOOLS_LIST, 404);
		send(HttpRequest.newBuilder(this.endpoint).timeout(Duration.ofSeconds(10)).header("Mcp-Session-Id", sessionId)
			.DELETE().build(), 200);
	}

	private HttpResponse<String> post(String sessionId, String body, int expected) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.endpoint)
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (sessionId != null) {
			request.header("Mcp-Session-Id", sessionId);
		}
		return send(request.build(), expected);
	}

	private HttpResponse<String> send(HttpRequest request, int expected) {
		this.requests.incrementAndGet();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != expected) {
				this.failures.incrementAndGet();
			}
			return response;
		}
		catch (java.io.IOException ex) {
			this.failures.incrementAndGet();
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.closed = true;
			return null;
		}
	}

	/** Stops warming up; it reports ready from now on. */
	@Override
	public void close() {
		this.closed = true;
		this.done = true;
	}

	/** Configures a {@link ReplicaWarmup}. */
	public static final class Builder {

		private final SessionPersistenceAdapter adapter;

		private final URI endpoint;

		private Duration duration = Duration.ofSeconds(6);

		private int threads = 4;

		private final List<String> calls = new ArrayList<>();

		private Builder(SessionPersistenceAdapter adapter, URI endpoint) {
			this.adapter = Objects.requireNonNull(adapter, "adapter");
			this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
		}

		/** How long it warms once the store answers (default 6 s): the bound on the time it adds to a start. */
		public Builder duration(Duration duration) {
			if (duration == null || duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException("duration must be positive, but was " + duration);
			}
			this.duration = duration;
			return this;
		}

		/** How many clients it plays at once (default 4; 1 to 32). */
		public Builder threads(int threads) {
			if (threads < 1 || threads > 32) {
				throw new IllegalArgumentException("threads must be 1 to 32, but was " + threads);
			}
			this.threads = threads;
			return this;
		}

		/**
		 * A {@code tools/call} each warm-up session makes, with {@code argumentsJson} (a JSON object);
		 * choose a tool without side effects, as the warm-up calls it many times.
		 */
		public Builder toolCall(String tool, String argumentsJson) {
			Objects.requireNonNull(tool, "tool");
			Objects.requireNonNull(argumentsJson, "argumentsJson");
			this.calls.add("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":" + quoted(tool)
					+ ",\"arguments\":" + argumentsJson + "}}");
			return this;
		}

		private static String quoted(String text) {
			return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
		}

		/** Builds the warm-up and starts it in the background. */
		public ReplicaWarmup start() {
			ReplicaWarmup warmup = new ReplicaWarmup(this);
			warmup.runner.start();
			return warmup;
		}

	}

}
