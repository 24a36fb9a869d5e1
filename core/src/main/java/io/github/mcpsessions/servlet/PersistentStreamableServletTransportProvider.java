package io.github.mcpsessions.servlet;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.github.mcpsessions.cache.CachingSessionRepository;
import io.github.mcpsessions.cleanup.SessionCleaner;
import io.github.mcpsessions.messaging.ReplicaRouting;
import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.sdk.PersistingSessionFactory;
import io.github.mcpsessions.sdk.SdkInternals;
import io.github.mcpsessions.session.LoggingSessionListener;
import io.github.mcpsessions.session.SessionExpiryPolicy;
import io.github.mcpsessions.session.SessionLifecycle;
import io.github.mcpsessions.session.SessionListener;
import io.github.mcpsessions.session.SettingChecks;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import reactor.core.publisher.Mono;

/**
 * The MCP Java SDK's servlet transport with sessions that survive restarts, deploys and hops
 * between replicas. It wraps an {@link HttpServletStreamableServerTransportProvider} built as
 * usual (every SDK option keeps working) and is both the provider handed to
 * {@code McpServer.sync(...)} / {@code McpServer.async(...)} and the servlet to mount:
 *
 * <pre>{@code
 * var sdkProvider = HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build();
 * var provider = PersistentStreamableServletTransportProvider.builder(sdkProvider, repository).build();
 * McpServer.sync(provider).serverInfo("my-server", "1.0").tools(...).build();
 * tomcat.addServlet("", "mcp", provider).setAsyncSupported(true); // mapped to /mcp
 * }</pre>
 *
 * <p>On {@code initialize} the session is created as the SDK does, under a secure random id, and
 * its record saved before the response leaves. A request whose {@code Mcp-Session-Id} this
 * process does not hold is looked up in the store; a live record is rebuilt under the same id and
 * the SDK then serves the request as if nothing had happened. {@code DELETE} and expiry remove the
 * record; the SDK's idle sweeper only frees memory. Unknown, expired, foreign-owned and malformed
 * ids get 404, an unreachable store 503 with {@code Retry-After}, and every error body is a
 * JSON-RPC error object.
 *
 * @since 0.1.0
 */
public final class PersistentStreamableServletTransportProvider extends HttpServlet
		implements McpStreamableServerTransportProvider {

	private static final long serialVersionUID = 1L;

	/** How long a client's answer forwarded to other replicas may go unclaimed before it is logged as lost. */
	private static final Duration CLIENT_ANSWER_CLAIM_TIMEOUT = Duration.ofSeconds(5);

	/** Longest a shutdown waits for tool calls whose client requests it failed to answer their clients. */
	private static final Duration SHUTDOWN_ANSWER_WAIT = Duration.ofSeconds(2);

	private final transient HttpServletStreamableServerTransportProvider delegate;

	private final transient Map<String, McpStreamableServerSession> liveSessions;

	private final transient SessionLifecycle lifecycle;

	private final transient McpJsonMapper jsonMapper;

	private final transient SessionCleaner cleaner;

	private final transient ReplicaRouting routing;

	private final transient SessionGate gate;

	private PersistentStreamableServletTransportProvider(Builder builder, CachingSessionRepository repository) {
		SdkInternals.verifyFactoryShape();
		this.delegate = builder.delegate;
		this.liveSessions = SdkInternals.liveSessions(builder.delegate);
		this.jsonMapper = builder.jsonMapper != null ? builder.jsonMapper : McpJsonDefaults.getMapper();
		List<SessionListener> listeners = new ArrayList<>();
		listeners.add(new LoggingSessionListener());
		listeners.addAll(builder.listeners);
		this.lifecycle = new SessionLifecycle(repository, builder.expiryPolicy(), builder.clock,
				SessionListener.composite(listeners));
		if (builder.cleanupInterval != null) {
			this.cleaner = new SessionCleaner(repository, builder.clock, builder.cleanupInterval,
					builder.cleanupBatchSize);
			this.cleaner.start();
		}
		else {
			this.cleaner = null;
		}
		this.routing = builder.messageBus == null ? null
				: new ReplicaRouting(builder.messageBus, this.liveSessions, this.lifecycle, this.jsonMapper,
						CLIENT_ANSWER_CLAIM_TIMEOUT);
		this.gate = new SessionGate(this.lifecycle, this.liveSessions, new JsonRpcErrors(this.jsonMapper), this.jsonMapper,
				builder.ownerResolver, this.routing);
	}

	/**
	 * Starts wrapping {@code sdkProvider}, storing sessions in {@code repository}. Unless it already
	 * is one, the repository gets a {@link CachingSessionRepository} in front.
	 */
	public static Builder builder(HttpServletStreamableServerTransportProvider sdkProvider,
			SessionRepository repository) {
		return new Builder(sdkProvider, repository);
	}

	/** The session logic behind this provider (cache and store included), for metrics and tests. */
	public SessionLifecycle lifecycle() {
		return this.lifecycle;
	}

	/** Whether the SDK in this process holds the session now. */
	public boolean holds(String sessionId) {
		return this.gate.holds(sessionId);
	}

	/** How many sessions the SDK in this process holds now. */
	public int heldSessionCount() {
		return this.liveSessions.size();
	}

	@Override
	public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
		PersistingSessionFactory factory = new PersistingSessionFactory(SdkInternals.readFactory(sessionFactory),
				this.lifecycle, this.jsonMapper);
		if (this.routing != null) {
			this.routing.attach(factory);
		}
		this.delegate.setSessionFactory(factory);
	}

	/** With a message bus, reaches sessions whose listening stream another replica holds too. */
	@Override
	public Mono<Void> notifyClients(String method, Object params) {
		return this.routing != null ? this.routing.notifyClients(method, params)
				: this.delegate.notifyClients(method, params);
	}

	/** With a message bus, reaches the session's listening stream on whichever replica holds it. */
	@Override
	public Mono<Void> notifyClient(String sessionId, String method, Object params) {
		return this.routing != null ? this.routing.notifyClient(sessionId, method, params)
				: this.delegate.notifyClient(sessionId, method, params);
	}

	@Override
	public List<String> protocolVersions() {
		return this.delegate.protocolVersions();
	}

	/**
	 * Closes the SDK's sessions in this process (their records stay) and stops the cleaner. Requests
	 * this process sent to clients and still waits on are answered first with an error, so the tool
	 * calls waiting on them end with an error their client receives, not a stream that breaks.
	 */
	@Override
	public Mono<Void> closeGracefully() {
		return Mono.fromRunnable(this::failPendingClientRequests)
			.then(this.delegate.closeGracefully())
			.doFinally(signal -> stopBackgroundWork());
	}

	private void failPendingClientRequests() {
		McpSchema.JSONRPCResponse.JSONRPCError shuttingDown = new McpSchema.JSONRPCResponse.JSONRPCError(
				McpSchema.ErrorCodes.INTERNAL_ERROR, "The server is shutting down; retry the request", null);
		List<McpStreamableServerSession> waiting = new ArrayList<>();
		for (McpStreamableServerSession session : this.liveSessions.values()) {
			for (Object id : SdkInternals.pendingRequestIds(session)) {
				session.accept(McpSchema.JSONRPCResponse.error(id, shuttingDown)).onErrorComplete().block();
				waiting.add(session);
			}
		}
		// Let the failed tool calls write their answers before the SDK closes the streams.
		long deadline = System.nanoTime() + SHUTDOWN_ANSWER_WAIT.toNanos();
		while (waiting.stream().anyMatch(SdkInternals::hasOpenStream) && System.nanoTime() < deadline) {
			java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
		}
	}

	@Override
	public void init(ServletConfig config) throws ServletException {
		super.init(config);
		this.delegate.init(config);
	}

	@Override
	public void destroy() {
		this.delegate.destroy();
		stopBackgroundWork();
		super.destroy();
	}

	private void stopBackgroundWork() {
		if (this.cleaner != null) {
			this.cleaner.close();
		}
		if (this.routing != null) {
			this.routing.close();
		}
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		this.gate.handle(request, response, this.delegate::service, this.delegate::service);
	}

	/**
	 * Configures a {@link PersistentStreamableServletTransportProvider}. Validates each setting as it
	 * is given, naming the setting in the error.
	 */
	public static final class Builder {

		private final HttpServletStreamableServerTransportProvider delegate;

		private final SessionRepository repository;

		private final CachingSessionRepository.Builder cache;

		private Duration idleTimeout = SessionExpiryPolicy.DEFAULT_IDLE_TIMEOUT;

		private Duration maxLifetime;

		private Function<HttpServletRequest, String> ownerResolver;

		private final List<SessionListener> listeners = new ArrayList<>();

		private Duration cacheEntryTtl = Duration.ofMinutes(5);

		private boolean touchIntervalSet;

		private Duration cleanupInterval = Duration.ofMinutes(10);

		private int cleanupBatchSize = 1_000;

		private Clock clock = Clock.systemUTC();

		private McpJsonMapper jsonMapper;

		private SessionMessageBus messageBus;

		private Builder(HttpServletStreamableServerTransportProvider delegate, SessionRepository repository) {
			this.delegate = Objects.requireNonNull(delegate, "sdkProvider");
			this.repository = Objects.requireNonNull(repository, "repository");
			this.cache = repository instanceof CachingSessionRepository ? null
					: CachingSessionRepository.builder(repository);
		}

		/** How long a session lives without requests (default 24 hours). */
		public Builder idleTimeout(Duration idleTimeout) {
			new SessionExpiryPolicy(idleTimeout, this.maxLifetime);
			this.idleTimeout = idleTimeout;
			return this;
		}

		/** Absolute limit on a session's life from its creation, however busy (default none). */
		public Builder maxLifetime(Duration maxLifetime) {
			new SessionExpiryPolicy(this.idleTimeout, maxLifetime);
			this.maxLifetime = maxLifetime;
			return this;
		}

		/**
		 * Binds sessions to an owner taken from each request (e.g. the OAuth subject). A request for a
		 * session from another owner gets the same 404 as an unknown id. The function returns
		 * {@code null} for anonymous requests.
		 */
		public Builder ownerResolver(Function<HttpServletRequest, String> ownerResolver) {
			this.ownerResolver = Objects.requireNonNull(ownerResolver, "ownerResolver");
			return this;
		}

		/** Adds a listener for session events (metrics, audit). */
		public Builder listener(SessionListener listener) {
			this.listeners.add(Objects.requireNonNull(listener, "listener"));
			return this;
		}

		/** Most session records cached in this process (default 100,000). */
		public Builder cacheMaximumSize(long cacheMaximumSize) {
			cacheSettings().maximumSize(cacheMaximumSize);
			return this;
		}

		/** How long a cached record is trusted before it is read from the store again (default 5 minutes, at most the idle timeout). */
		public Builder cacheEntryTtl(Duration cacheEntryTtl) {
			this.cacheEntryTtl = SettingChecks.positive("cacheEntryTtl", cacheEntryTtl);
			return this;
		}

		/** How long an id the store does not know is answered from the cache (default 10 seconds). */
		public Builder negativeCacheTtl(Duration negativeCacheTtl) {
			cacheSettings().negativeTtl(negativeCacheTtl);
			return this;
		}

		/** Least time between two store writes recording a session's use (default a quarter of the idle timeout, at most 60 seconds). */
		public Builder touchInterval(Duration touchInterval) {
			cacheSettings().touchInterval(touchInterval);
			this.touchIntervalSet = true;
			return this;
		}

		private CachingSessionRepository.Builder cacheSettings() {
			if (this.cache == null) {
				throw new IllegalStateException(
						"The repository is already a CachingSessionRepository: configure the cache on its own builder");
			}
			return this.cache;
		}

		/** How often expired records are deleted (default 10 minutes); {@code null} turns the cleaner off. */
		public Builder cleanupInterval(Duration cleanupInterval) {
			this.cleanupInterval = cleanupInterval == null ? null
					: SettingChecks.positive("cleanupInterval", cleanupInterval);
			return this;
		}

		/** Most records one clean-up statement deletes (default 1,000). */
		public Builder cleanupBatchSize(int cleanupBatchSize) {
			this.cleanupBatchSize = (int) SettingChecks.atLeastOne("cleanupBatchSize", cleanupBatchSize);
			return this;
		}

		/** The clock for creation, use and expiry times (default UTC system clock); tests inject their own. */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/** The JSON mapper for stored client data and error bodies (default the SDK's). */
		/**
		 * Connects this provider to the other replicas sharing the store, so that all of MCP works
		 * whichever replica a request lands on: client answers to server-to-client requests,
		 * notifications, and the end of sessions travel through {@code messageBus}. Not needed for a
		 * single process. The application closes the bus after the server.
		 */
		public Builder messageBus(SessionMessageBus messageBus) {
			this.messageBus = Objects.requireNonNull(messageBus, "messageBus");
			return this;
		}

		public Builder jsonMapper(McpJsonMapper jsonMapper) {
			this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
			return this;
		}

		private SessionExpiryPolicy expiryPolicy() {
			return new SessionExpiryPolicy(this.idleTimeout, this.maxLifetime);
		}

		/**
		 * Builds the provider and checks the SDK's internals it relies on.
		 * @throws io.github.mcpsessions.sdk.IncompatibleSdkException if the SDK on the class path is not supported
		 */
		public PersistentStreamableServletTransportProvider build() {
			if (this.cache == null) {
				return new PersistentStreamableServletTransportProvider(this, (CachingSessionRepository) this.repository);
			}
			SessionExpiryPolicy policy = expiryPolicy();
			if (!this.touchIntervalSet) {
				this.cache.touchInterval(policy.defaultTouchInterval());
			}
			this.cache.entryTtl(this.cacheEntryTtl.compareTo(this.idleTimeout) < 0 ? this.cacheEntryTtl : this.idleTimeout);
			return new PersistentStreamableServletTransportProvider(this, this.cache.build());
		}

	}

}
