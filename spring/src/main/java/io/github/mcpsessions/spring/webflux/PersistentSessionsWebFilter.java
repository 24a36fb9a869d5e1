package io.github.mcpsessions.spring.webflux;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.github.mcpsessions.internal.sdk.SessionStart;
import io.github.mcpsessions.internal.session.SessionIds;
import io.github.mcpsessions.internal.session.SessionLifecycle;
import io.github.mcpsessions.internal.session.SessionLookup;
import io.github.mcpsessions.internal.transport.JsonRpcErrors;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.session.SessionRejection;
import io.github.mcpsessions.transport.PersistentSessions;
import io.github.mcpsessions.transport.PersistentSessionsSettings;
import io.github.mcpsessions.transport.SessionPersistenceAdapter;

/**
 * Session persistence for an SDK transport provider served by Spring WebFlux, such as Spring AI's
 * {@code WebFluxStreamableServerTransportProvider}: a {@link WebFilter} on the MCP endpoint that
 * behaves as the servlet adapters do (restore under the same id, JSON-RPC errors without stack
 * traces, owner binding, 503 with {@code Retry-After} while the store is down, replica routing of
 * client answers and ended sessions).
 *
 * <pre>{@code
 * PersistentSessionsWebFilter filter = PersistentSessionsWebFilter.builder(sdkProvider, repository).build();
 * McpServer.async(sdkProvider)...build();   // the server gives the provider its session factory
 * filter.attach();                           // ...which the filter then makes persistent
 * }</pre>
 *
 * <p>Store calls block, so the filter makes them on a scheduler for blocking work (Reactor's
 * bounded elastic one by default), never on an event-loop thread; the SDK then sees the request on
 * that thread, which is how a new session learns its owner.
 *
 * @since 0.1.0
 */
public final class PersistentSessionsWebFilter implements WebFilter, SessionPersistenceAdapter, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PersistentSessionsWebFilter.class);

	private static final String SESSION_HEADER = "Mcp-Session-Id";

	private final PersistentSessions sessions;

	private final SessionLifecycle lifecycle;

	private final String endpoint;

	private final Function<ServerWebExchange, Mono<String>> ownerResolver;


	private final Scheduler blocking;

	private PersistentSessionsWebFilter(Builder builder) {
		this.sessions = new PersistentSessions(builder, builder.sdkProvider);
		this.lifecycle = this.sessions.lifecycle();
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
		this.sessions.attachToServer();
	}

	@Override
	public SessionLifecycle lifecycle() {
		return this.lifecycle;
	}

	@Override
	public boolean holds(String sessionId) {
		return this.sessions.holds(sessionId);
	}

	@Override
	public int heldSessionCount() {
		return this.sessions.heldSessionCount();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		HttpMethod method = request.getMethod();
		boolean post = HttpMethod.POST.equals(method);
		if (!this.endpoint.equals(request.getPath().pathWithinApplication().value())
				|| !(post || HttpMethod.GET.equals(method) || HttpMethod.DELETE.equals(method))) {
			return chain.filter(exchange);
		}
		Mono<byte[]> body = post ? readBody(request) : Mono.just(new byte[0]);
		Mono<Optional<String>> owner = this.ownerResolver.apply(exchange).map(Optional::of)
			.defaultIfEmpty(Optional.empty());
		if (this.sessions.isDraining()) {
			exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
		}
		Mono<Void> served = Mono.zip(owner, body)
			.publishOn(this.blocking)
			.flatMap(parts -> serve(exchange, chain, parts.getT1().orElse(null), parts.getT2()))
			.onErrorResume(DataBufferLimitException.class,
					ex -> WebFluxReplies.refuse(exchange, this.sessions.errors(), null, JsonRpcErrors.BODY_TOO_LARGE));
		if (HttpMethod.GET.equals(method)) {
			// A listening stream lasts as long as the client wants: a graceful stop does not wait for it.
			return served;
		}
		return Mono.defer(() -> {
			this.sessions.inFlight().started();
			return served.doFinally(signal -> this.sessions.inFlight().finished());
		});
	}

	@Override
	public void startDraining() {
		this.sessions.startDraining();
	}

	@Override
	public boolean isDraining() {
		return this.sessions.isDraining();
	}

	@Override
	public boolean awaitRequestsInFlight(java.time.Duration timeout) throws InterruptedException {
		return this.sessions.inFlight().awaitNone(timeout);
	}

	private Mono<byte[]> readBody(ServerHttpRequest request) {
		return DataBufferUtils.join(request.getBody(), this.sessions.maxRequestBodySize()).map(buffer -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		}).defaultIfEmpty(new byte[0]);
	}

	/** Runs on the blocking scheduler: every store call of the request is made here. */
	private Mono<Void> serve(ServerWebExchange exchange, WebFilterChain chain, String owner, byte[] body) {
		ServerHttpRequest request = exchange.getRequest();
		boolean post = HttpMethod.POST.equals(request.getMethod());
		JsonRpcErrors errors = this.sessions.errors();
		Object requestId = post ? errors.requestId(body) : null;
		ErrorRewritingExchange sdkExchange = new ErrorRewritingExchange(exchange, post ? body : null, errors, requestId);
		String sessionId = request.getHeaders().getFirst(SESSION_HEADER);
		if (sessionId == null) {
			// The SDK logs a body that is not JSON-RPC at ERROR; it is the client's mistake, answered here.
			return post && !errors.isJsonRpcMessage(body) ? WebFluxReplies.refuse(exchange, errors, null, JsonRpcErrors.NOT_JSON_RPC)
					: forward(sdkExchange, chain, owner);
		}
		SessionLookup lookup = this.sessions.find(sessionId, owner);
		if (!lookup.isFound()) {
			if (post && "initialize".equals(errors.requestMethod(body))) {
				// A client re-initializing with its old id gets a new session, as from the plain SDK.
				return forward(sdkExchange, chain, owner);
			}
			if (lookup.rejection() == SessionRejection.EXPIRED) {
				ended(sessionId);
			}
			else if (lookup.rejection() == SessionRejection.UNKNOWN
					|| lookup.rejection() == SessionRejection.UNREADABLE_RECORD) {
				// Held here but gone from the store: ended on a replica whose message this one missed.
				this.sessions.drop(sessionId);
			}
			return WebFluxReplies.refuse(exchange, errors, requestId, JsonRpcErrors.refusalFor(lookup.rejection()));
		}
		if (post && !errors.isJsonRpcMessage(body)) {
			return WebFluxReplies.refuse(exchange, errors, null, JsonRpcErrors.NOT_JSON_RPC);
		}
		McpSessionRecord record = lookup.record();
		if (!holdOrRestore(record)) {
			return WebFluxReplies.refuse(exchange, errors, requestId, JsonRpcErrors.RESTORE_FAILED);
		}
		if (HttpMethod.DELETE.equals(request.getMethod())) {
			return delete(record, sdkExchange, chain);
		}
		this.lifecycle.touch(record);
		if (post && this.sessions.routing() != null) {
			try {
				if (this.sessions.routing().routeClientResponse(sessionId, body)) {
					exchange.getResponse().setStatusCode(HttpStatus.ACCEPTED);
					return exchange.getResponse().setComplete();
				}
			}
			catch (SessionStoreException ex) {
				logger.warn("Could not pass a client's answer in session {} to the other replicas: {}",
						SessionIds.shortForm(sessionId), ex.getMessage());
				return WebFluxReplies.refuse(exchange, errors, requestId, JsonRpcErrors.STORE_DOWN);
			}
		}
		return forward(sdkExchange, chain, owner);
	}

	/**
	 * Passes a request to the SDK, subscribing to it on this thread with the session start bound, so
	 * that a new session is bound to {@code owner}; if its record cannot be saved the client gets 503
	 * and no session.
	 */
	private Mono<Void> forward(ErrorRewritingExchange sdkExchange, WebFilterChain chain, String owner) {
		SessionStart start = SessionStart.newSession(owner);
		Mono<Void> sdk = chain.filter(sdkExchange);
		Mono<Void> bound = Mono.from(subscriber -> {
			try (SessionStart.Scope scope = start.bind()) {
				sdk.subscribe(subscriber);
			}
		});
		return bound.onErrorResume(ex -> start.saveFailure() != null, ex -> {
			this.sessions.drop(start.createdId());
			if (start.storeFailure() != null) {
				this.lifecycle.storeFailed(start.createdId());
				return WebFluxReplies.refuse(sdkExchange.original(), this.sessions.errors(), sdkExchange.requestId(),
						JsonRpcErrors.INIT_STORE_DOWN);
			}
			logger.error("Saving new session {} failed", SessionIds.shortForm(start.createdId()), start.saveFailure());
			return WebFluxReplies.refuse(sdkExchange.original(), this.sessions.errors(), sdkExchange.requestId(),
					JsonRpcErrors.SESSION_HANDLING_FAILED);
		});
	}

	private boolean holdOrRestore(McpSessionRecord record) {
		String id = record.id();
		if (holds(id)) {
			return true;
		}
		int[] status = { 0 };
		boolean restoredHere = this.lifecycle.restoreOnce(id, () -> holds(id),
				() -> status[0] = this.sessions.restoreDirectly(record));
		if (!holds(id)) {
			logger.warn("Session {} could not be restored (status {})", SessionIds.shortForm(id), status[0]);
			return false;
		}
		if (restoredHere) {
			this.lifecycle.restored(record);
		}
		return true;
	}

	/**
	 * Ends the session in the store first ({@link PersistentSessions#endByClient}), then lets the SDK
	 * close it here; a store that fails leaves it as it was and answers 503. An SDK that refuses
	 * {@code DELETE} answers itself, and nothing is deleted.
	 */
	private Mono<Void> delete(McpSessionRecord record, ErrorRewritingExchange sdkExchange, WebFilterChain chain) {
		if (this.sessions.deletesAllowed()) {
			JsonRpcErrors.Refusal refusal = this.sessions.endByClient(record.id());
			if (refusal != null) {
				return WebFluxReplies.refuse(sdkExchange.original(), this.sessions.errors(), null, refusal);
			}
		}
		return chain.filter(sdkExchange);
	}

	private void ended(String sessionId) {
		this.sessions.drop(sessionId);
		if (this.sessions.routing() != null) {
			this.sessions.routing().sessionEnded(sessionId);
		}
	}

	/**
	 * Before the server closes: answers the requests this process sent to clients and still waits on
	 * with an error (so those tool calls end with an error, not a broken stream), and stops the cleaner.
	 */
	@Override
	public void close() {
		this.sessions.close();
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
