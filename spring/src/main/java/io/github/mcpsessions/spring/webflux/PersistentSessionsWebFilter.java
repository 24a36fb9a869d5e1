package io.github.mcpsessions.spring.webflux;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.internal.sdk.SessionStart;
import io.github.mcpsessions.internal.streams.RequestStreamResumption;
import io.github.mcpsessions.internal.streams.ResumableStream;
import io.github.mcpsessions.internal.streams.ResumableStreams;
import io.github.mcpsessions.internal.transport.JsonRpcBody;
import io.github.mcpsessions.internal.transport.JsonRpcErrors;
import io.github.mcpsessions.internal.transport.PersistentSessions;
import io.github.mcpsessions.internal.transport.SessionRequestFlow;
import io.github.mcpsessions.repository.SessionRepository;
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
public final class PersistentSessionsWebFilter implements WebFilter, SessionPersistenceAdapter, AutoCloseable {

	private static final byte[] NO_BODY = new byte[0];

	private static final String LAST_EVENT_ID = "Last-Event-ID";

	private static final Duration RESUMPTION_TIMEOUT = Duration.ofMinutes(10);

	private final PersistentSessions sessions;

	private final SessionRequestFlow flow;

	private final String endpoint;

	private final Function<ServerWebExchange, Mono<String>> ownerResolver;


	private final Scheduler blocking;

	private PersistentSessionsWebFilter(Builder builder) {
		this.sessions = new PersistentSessions(builder, builder.sdkProvider);
		this.flow = new SessionRequestFlow(this.sessions);
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
		attach();
		this.sessions.routeNotificationsOf(server);
	}

	@Override
	public SessionRepository repository() {
		return this.sessions.lifecycle().repository();
	}

	@Override
	public int endSessionsOf(String owner) {
		return this.sessions.endSessionsOf(owner);
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
		if (this.sessions.isDraining()) {
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
			this.sessions.inFlight().started();
			return served.doFinally(signal -> this.sessions.inFlight().finished());
		});
	}

	@Override
	public void closeListeningStreams() {
		this.sessions.closeListeningStreams();
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
	public boolean awaitRequestsInFlight(Duration timeout) throws InterruptedException {
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
		String sessionId = request.getHeaders().getFirst(SessionRequestFlow.SESSION_HEADER);
		SessionRequestFlow.Decision decision = this.flow.decide(request.getMethod().name(), sessionId, owner, body,
				this.sessions::restoreDirectly);
		JsonRpcErrors errors = this.sessions.errors();
		return switch (decision.step()) {
			case FORWARD -> forward(new ErrorRewritingExchange(exchange, post ? body : null, errors), chain, sessionId, body,
					decision.message());
			case END_SESSION -> chain.filter(new ErrorRewritingExchange(exchange, null, errors))
				.doFinally(signal -> this.flow.ended(sessionId));
			case START_SESSION -> startSession(new ErrorRewritingExchange(exchange, body, errors), chain, owner);
			case START_SESSION_WITHOUT_ID -> startSession(new ErrorRewritingExchange(exchange.mutate()
				.request(withoutId -> withoutId.headers(headers -> headers.remove(SessionRequestFlow.SESSION_HEADER)))
				.build(), body, errors), chain, owner);
			case ACCEPTED -> {
				exchange.getResponse().setStatusCode(HttpStatus.ACCEPTED);
				yield exchange.getResponse().setComplete();
			}
			case REFUSE -> {
				if (decision.refusal() == JsonRpcErrors.METHOD_NOT_ALLOWED) {
					exchange.getResponse().getHeaders().set(HttpHeaders.ALLOW, SessionRequestFlow.ALLOWED_METHODS);
				}
				yield WebFluxReplies.refuse(exchange, errors, post ? errors.requestId(body) : null, decision.refusal());
			}
		};
	}

	/**
	 * Hands the request to the SDK; with resumable streams, through a response that stores its SSE
	 * events, or answers a {@code GET} with {@code Last-Event-ID} from the event store.
	 */
	private Mono<Void> forward(ErrorRewritingExchange sdkExchange, WebFilterChain chain, String sessionId, byte[] body,
			JsonRpcBody read) {
		ResumableStreams streams = this.sessions.streams();
		if (streams == null || sessionId == null) {
			return chain.filter(sdkExchange);
		}
		ServerHttpRequest request = sdkExchange.getRequest();
		if (!HttpMethod.GET.equals(request.getMethod())) {
			JsonRpcBody message = read != null ? read : this.sessions.errors().readBody(body);
			String requestId = message.id();
			boolean polling = this.sessions.pollingCall(message);
			return chain.filter(resumable(sdkExchange, client -> new ResumableStream(streams, sessionId,
					ResumableStream.Kind.REQUEST, requestId, null, polling, List.of(), client)));
		}
		String lastEventId = request.getHeaders().getFirst(LAST_EVENT_ID);
		Optional<EventStore.Replay> replay = lastEventId == null ? Optional.empty() : streams.replay(sessionId, lastEventId);
		if (replay.isEmpty()) {
			return chain.filter(resumable(sdkExchange, client -> new ResumableStream(streams, sessionId,
					ResumableStream.Kind.LISTENING, null, null, false, List.of(), client)));
		}
		if (ResumableStreams.isListeningStream(replay.get().streamId())) {
			ServerWebExchange withoutLastEventId = sdkExchange.mutate()
				.request(without -> without.headers(headers -> headers.remove(LAST_EVENT_ID)))
				.build();
			return chain.filter(resumable(withoutLastEventId, client -> new ResumableStream(streams, sessionId,
					ResumableStream.Kind.RESUMED_LISTENING, null, replay.get().streamId(), false, replay.get().events(),
					client)));
		}
		return resume(sdkExchange.getResponse(), streams, sessionId, replay.get(), lastEventId);
	}

	private ServerWebExchange resumable(ServerWebExchange exchange,
			Function<ResumableStream.Client, ResumableStream> stream) {
		ServerHttpResponse response = new ResumableServerResponse(exchange.getResponse(), stream, this.blocking);
		return new ServerWebExchangeDecorator(exchange) {
			@Override
			public ServerHttpResponse getResponse() {
				return response;
			}
		};
	}

	/** A request's stream resumed: what the client missed, then the rest live, for at most 10 minutes. */
	private static Mono<Void> resume(ServerHttpResponse response, ResumableStreams streams, String sessionId,
			EventStore.Replay replay, String lastEventId) {
		response.setStatusCode(HttpStatus.OK);
		response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
		response.getHeaders().setCacheControl("no-cache");
		Flux<String> events = Flux.<String>create(sink -> {
			RequestStreamResumption resumption = new RequestStreamResumption(streams, sessionId,
					new ResumableStream.Client() {
						@Override
						public void send(String text) {
							sink.next(text);
						}

						@Override
						public void end() {
							sink.complete();
						}
					});
			sink.onDispose(resumption::stop);
			resumption.start(replay, lastEventId);
		}).take(RESUMPTION_TIMEOUT);
		return response.writeAndFlushWith(events
			.map(text -> Mono.just(response.bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8)))));
	}

	/**
	 * Passes a request that may start a session to the SDK, subscribing to it on this thread with
	 * the session start bound, so that a new session is bound to {@code owner}; if its record cannot
	 * be saved the client gets no session and the refusal.
	 */
	private Mono<Void> startSession(ErrorRewritingExchange sdkExchange, WebFilterChain chain, String owner) {
		SessionStart start = SessionStart.newSession(owner);
		Mono<Void> sdk = chain.filter(sdkExchange);
		Mono<Void> bound = Mono.from(subscriber -> {
			try (SessionStart.Scope scope = start.bind()) {
				sdk.subscribe(subscriber);
			}
		});
		return bound.onErrorResume(ex -> start.saveFailure() != null, ex -> WebFluxReplies.refuse(
				sdkExchange.original(), this.sessions.errors(), sdkExchange.requestId(), this.flow.afterStart(start)));
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
