package io.github.mcpsessions.spring.webflux;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.github.mcpsessions.internal.adapter.AdapterCore;
import io.github.mcpsessions.internal.adapter.DelegatingAdapter;
import io.github.mcpsessions.internal.drain.GracefulStop;
import io.github.mcpsessions.internal.flow.SessionRequestFlow;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.adapter.PersistentSessionsSettings;
import io.github.mcpsessions.adapter.SessionPersistenceAdapter;

/**
 * Session persistence for an SDK transport provider served by Spring WebFlux, such as Spring AI's
 * {@code WebFluxStreamableServerTransportProvider}: a {@link WebFilter} on the MCP endpoint that
 * behaves as the servlet adapters do (restore under the same id, JSON-RPC errors without stack
 * traces, owner binding, 503 with {@code Retry-After} while the store is down, replica routing of
 * client answers and ended sessions).
 *
 * <pre>{@code
 * PersistentSessionsWebFilter filter = PersistentSessionsWebFilter.builder(sdkProvider, repository).build();
 * McpAsyncServer server = McpServer.async(sdkProvider)...build();   // the server gives the provider its session factory
 * filter.attach(server);                     // ...which the filter makes persistent, routing its notifications
 * }</pre>
 *
 * <p>Store calls block, so the filter makes them on a scheduler for blocking work (Reactor's
 * bounded elastic one by default), never on an event-loop thread; the SDK then sees the request on
 * that thread, which is how a new session learns its owner.
 *
 * @since 0.1.0
 */
public final class PersistentSessionsWebFilter implements WebFilter, DelegatingAdapter, AutoCloseable {

	private static final byte[] NO_BODY = new byte[0];

	private final AdapterCore core;

	private final SessionRequestFlow flow;

	private final GracefulStop stop;

	private final String endpoint;

	private final Function<ServerWebExchange, Mono<String>> ownerResolver;

	private final Scheduler blocking;

	private PersistentSessionsWebFilter(Builder builder) {
		this.core = new AdapterCore(builder, builder.sdkProvider);
		this.flow = this.core.flow();
		this.stop = this.core.gracefulStop();
		this.endpoint = builder.endpoint;
		this.ownerResolver = builder.ownerResolver;
		this.blocking = builder.scheduler;
	}

	/** Starts persisting the sessions of {@code sdkProvider} in {@code repository} (a cache goes in front). */
	public static Builder builder(McpStreamableServerTransportProvider sdkProvider, SessionRepository repository) {
		return new Builder(sdkProvider, repository);
	}

	/**
	 * Makes the session factory the server gave the SDK provider persist and restore sessions. Call
	 * once the {@code McpServer} over the provider is built; calling again does nothing.
	 * @throws io.github.mcpsessions.IncompatibleSdkException if the provider has no factory yet or the SDK is not supported
	 */
	public void attach() {
		this.core.attach();
	}

	/**
	 * Does what {@link #attach()} does, and makes the notifications {@code server} raises (list
	 * changes, resource updates, a message to one session) reach the sessions on every replica through
	 * the message bus, as the decorated servlet's do; without a bus, this is {@link #attach()}.
	 * @throws IllegalArgumentException if the server is built over another SDK provider
	 * @throws io.github.mcpsessions.IncompatibleSdkException if the provider has no factory yet or the SDK is not supported
	 */
	public void attach(McpSyncServer server) {
		attach(server.getAsyncServer());
	}

	/**
	 * Does what {@link #attach()} does, and routes the notifications {@code server} raises to every
	 * replica; see {@link #attach(McpSyncServer)}.
	 * @throws IllegalArgumentException if the server is built over another SDK provider
	 * @throws io.github.mcpsessions.IncompatibleSdkException if the provider has no factory yet or the SDK is not supported
	 */
	public void attach(McpAsyncServer server) {
		this.core.attach(server);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (!this.endpoint.equals(request.getPath().pathWithinApplication().value())) {
			return chain.filter(exchange);
		}
		HttpMethod method = request.getMethod();
		// Empty: a POST body over the limit, which the flow refuses.
		Mono<Optional<byte[]>> body = HttpMethod.POST.equals(method)
				? readBody(request).map(Optional::of)
					.onErrorResume(DataBufferLimitException.class, ex -> Mono.just(Optional.empty()))
				: Mono.just(Optional.of(NO_BODY));
		Mono<Optional<String>> owner = this.ownerResolver.apply(exchange).map(Optional::of)
			.defaultIfEmpty(Optional.empty());
		if (this.stop.isDraining()) {
			exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
		}
		Mono<Void> served = Mono.zip(owner, body)
			.publishOn(this.blocking)
			.flatMap(parts -> serve(exchange, chain, parts.getT1().orElse(null), parts.getT2().orElse(null)));
		if (HttpMethod.GET.equals(method)) {
			// A listening stream lasts as long as the client wants: a graceful stop does not wait for it.
			return served;
		}
		return Mono.defer(() -> {
			this.stop.requestStarted();
			return served.doFinally(signal -> this.stop.requestFinished());
		});
	}

	private Mono<byte[]> readBody(ServerHttpRequest request) {
		return DataBufferUtils.join(request.getBody(), this.core.maxRequestBodySize()).map(buffer -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		}).defaultIfEmpty(new byte[0]);
	}

	/** Runs on the blocking scheduler: every store call of the request is made here. */
	private Mono<Void> serve(ServerWebExchange exchange, WebFilterChain chain, String owner, byte[] body) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders headers = request.getHeaders();
		return this.flow.serve(request.getMethod().name(), headers.getFirst(SessionRequestFlow.SESSION_HEADER), owner,
				body, headers.getFirst(SessionRequestFlow.LAST_EVENT_ID), new WebFluxExchange(exchange, chain,
						HttpMethod.POST.equals(request.getMethod()) ? body : null, this.core, this.blocking));
	}

	/**
	 * Before the server closes: answers the requests this process sent to clients and still waits on
	 * with an error (so those tool calls end with an error, not a broken stream), and stops the cleaner.
	 */
	@Override
	public void close() {
		this.stop.close();
	}

	@Override
	public SessionPersistenceAdapter persistence() {
		return this.core;
	}

	/** Configures a {@link PersistentSessionsWebFilter}; the shared settings are in {@link PersistentSessionsSettings}. */
	public static final class Builder extends PersistentSessionsSettings<Builder> {

		private final McpStreamableServerTransportProvider sdkProvider;

		private String endpoint = "/mcp";

		private Function<ServerWebExchange, Mono<String>> ownerResolver = exchange -> Mono.empty();

		private Scheduler scheduler = Schedulers.boundedElastic();

		private Builder(McpStreamableServerTransportProvider sdkProvider, SessionRepository repository) {
			super(repository);
			this.sdkProvider = Objects.requireNonNull(sdkProvider, "sdkProvider");
		}

		/** The path the SDK provider serves (default {@code /mcp}); other paths pass through untouched. */
		public Builder endpoint(String endpoint) {
			this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
			return this;
		}

		/**
		 * Binds sessions to an owner taken from each exchange (e.g. its principal's name). A request
		 * for a session from another owner gets the same 404 as an unknown id. An empty
		 * {@code Mono} means an anonymous request.
		 */
		public Builder ownerResolver(Function<ServerWebExchange, Mono<String>> ownerResolver) {
			this.ownerResolver = Objects.requireNonNull(ownerResolver, "ownerResolver");
			return this;
		}

		/** Where the blocking store calls run (default {@link Schedulers#boundedElastic()}). */
		public Builder scheduler(Scheduler scheduler) {
			this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
			return this;
		}

		/**
		 * Builds the filter and checks the SDK's internals it relies on.
		 * @throws io.github.mcpsessions.IncompatibleSdkException if the SDK on the class path is not supported
		 */
		public PersistentSessionsWebFilter build() {
			return new PersistentSessionsWebFilter(this);
		}

	}

}
