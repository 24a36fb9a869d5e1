package io.github.mcpsessions.internal.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import io.github.mcpsessions.cleanup.SessionCleaner;
import io.github.mcpsessions.internal.cache.CachingSessionRepository;
import io.github.mcpsessions.internal.messaging.ReplicaRouting;
import io.github.mcpsessions.internal.sdk.PersistingSessionFactory;
import io.github.mcpsessions.internal.sdk.SdkInternals;
import io.github.mcpsessions.internal.sdk.SdkSessionMap;
import io.github.mcpsessions.internal.sdk.SessionStart;
import io.github.mcpsessions.internal.session.LoggingSessionListener;
import io.github.mcpsessions.internal.session.SessionIds;
import io.github.mcpsessions.internal.session.SessionLifecycle;
import io.github.mcpsessions.internal.session.SessionLookup;
import io.github.mcpsessions.internal.streams.ResumableStreams;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.repository.SessionsByOwner;
import io.github.mcpsessions.session.SessionListener;

/**
 * Session persistence around one SDK transport provider, whatever serves its HTTP side: the
 * lifecycle (cache and store), the cleaner, the replica routing, and what the provider side needs
 * (the persisting session factory, direct restore, notification routing, a graceful stop). The
 * building block of the HTTP adapters (servlet, servlet filter, WebFlux filter); applications use
 * those adapters, not this class.
 *
 * @since 0.1.0
 */
public final class PersistentSessions {

	private static final Logger logger = LoggerFactory.getLogger(PersistentSessions.class);

	/** How long a client's answer forwarded to other replicas may go unclaimed before it is logged as lost. */
	private static final Duration CLIENT_ANSWER_CLAIM_TIMEOUT = Duration.ofSeconds(5);

	/** How many sessions of one owner are looked up at a time when they are all ended. */
	private static final int OWNER_BATCH = 500;

	/** How long a DELETE waits for its announcement to come back over the bus before it is answered anyway. */
	private static final Duration END_ANNOUNCEMENT_WAIT = Duration.ofSeconds(1);

	/** Longest a shutdown waits for tool calls whose client requests it failed to answer their clients. */
	private static final Duration SHUTDOWN_ANSWER_WAIT = Duration.ofSeconds(2);

	private final McpStreamableServerTransportProvider sdkProvider;

	private final SdkSessionMap liveSessions;

	private final SessionLifecycle lifecycle;

	private final McpJsonMapper jsonMapper;

	private final SessionCleaner cleaner;

	private final ReplicaRouting routing;

	private final JsonRpcErrors errors;

	private volatile PersistingSessionFactory factory;

	private final RequestsInFlight inFlight = new RequestsInFlight();

	private volatile boolean draining;

	private final boolean deletesAllowed;

	private final int maxRequestBodySize;

	private final ResumableStreams streams;

	/**
	 * Persists the sessions of {@code sdkProvider} as {@code settings} (an adapter's
	 * {@code PersistentSessionsSettings}; see {@link SessionSettings#of}) say.
	 * @throws io.github.mcpsessions.IncompatibleSdkException if the SDK on the class path is not supported
	 */
	public PersistentSessions(Object settings, McpStreamableServerTransportProvider sdkProvider) {
		this(SessionSettings.of(settings), sdkProvider);
	}

	private PersistentSessions(SessionSettings settings, McpStreamableServerTransportProvider sdkProvider) {
		SdkInternals.verifyFactoryShape();
		this.sdkProvider = sdkProvider;
		this.liveSessions = new SdkSessionMap(sdkProvider);
		this.deletesAllowed = !SdkInternals.disallowsDelete(sdkProvider);
		this.maxRequestBodySize = settings.maxRequestBodySize();
		this.jsonMapper = settings.jsonMapper() != null ? settings.jsonMapper() : McpJsonDefaults.getMapper();
		CachingSessionRepository repository = settings.repository();
		List<SessionListener> listeners = new ArrayList<>();
		listeners.add(new LoggingSessionListener());
		listeners.addAll(settings.listeners());
		this.lifecycle = new SessionLifecycle(repository, settings.expiryPolicy(), settings.clock(),
				SessionListener.composite(listeners), settings.idSigner());
		if (settings.cleanupInterval() != null) {
			this.cleaner = new SessionCleaner(repository, settings.clock(), settings.cleanupInterval(),
					settings.cleanupBatchSize());
			this.cleaner.start();
		}
		else {
			this.cleaner = null;
		}
		this.routing = settings.messageBus() == null ? null
				: new ReplicaRouting(settings.messageBus(), settings.messageBusSecret(), settings.messageBusHeartbeat(),
						this.liveSessions, this.lifecycle, this.jsonMapper, CLIENT_ANSWER_CLAIM_TIMEOUT);
		this.errors = new JsonRpcErrors(this.jsonMapper);
		this.streams = settings.eventStore() == null ? null
				: new ResumableStreams(settings.eventStore(), settings.sseRetry(), settings.pollingTools(),
						settings.eventRetention(), settings.primingDelay(),
						this.routing != null ? this.routing.replicaId() : ReplicaRouting.newReplicaId(),
						this.errors::isAnswer, settings.clock());
		if (this.streams != null && this.routing != null) {
			this.routing.carryStreamEvents(this.streams);
		}
	}

	private void forgetStreams(String sessionId) {
		if (this.streams == null) {
			return;
		}
		try {
			this.streams.sessionEnded(sessionId);
		}
		catch (RuntimeException ex) {
			logger.warn("The stream events of ended session {} could not be deleted now; they expire with the event "
					+ "store's retention: {}", SessionIds.shortForm(sessionId), ex.toString());
		}
	}

	/** The resumable streams, or {@code null} when no event store is configured. */
	public ResumableStreams streams() {
		return this.streams;
	}

	/** Whether a POST message calls a tool answered in polling mode (see {@code pollingTools}). */
	public boolean pollingCall(JsonRpcBody message) {
		return this.streams != null && this.streams.polls() && "tools/call".equals(message.method())
				&& this.streams.polls(message.paramsName());
	}

	/** The session logic: lookups, touches, deletes through the cache and the store. */
	public SessionLifecycle lifecycle() {
		return this.lifecycle;
	}

	/**
	 * Looks a session up for a request (see {@link SessionLifecycle#find}); if this process does not
	 * hold it, also checks that the SDK can rebuild it from its record, so a corrupt record is
	 * discarded once and answered as unknown instead of failing in the SDK on every request.
	 */
	public SessionLookup find(String id, String owner) {
		SessionLookup lookup = this.lifecycle.find(id, owner);
		if (lookup.isFound() && !holds(id)) {
			String problem = restoreProblem(lookup.record());
			if (problem != null) {
				return this.lifecycle.refuseUnrestorable(id, problem);
			}
		}
		return lookup;
	}

	/** Why the SDK could not rebuild a session from {@code record}, or {@code null} if it can. */
	private String restoreProblem(McpSessionRecord record) {
		if (!reads(record.clientInfoJson(), McpSchema.Implementation.class)) {
			return "client info is not an MCP Implementation object";
		}
		if (!reads(record.clientCapabilitiesJson(), McpSchema.ClientCapabilities.class)) {
			return "client capabilities are not an MCP ClientCapabilities object";
		}
		return null;
	}

	private boolean reads(String json, Class<?> type) {
		try {
			return this.jsonMapper.readValue(json, type) != null;
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	/** The routing between replicas, or {@code null} without a message bus. */
	public ReplicaRouting routing() {
		return this.routing;
	}

	/** The error bodies adapters answer with. */
	public JsonRpcErrors errors() {
		return this.errors;
	}

	/** The JSON mapper for stored client data and error bodies. */
	public McpJsonMapper jsonMapper() {
		return this.jsonMapper;
	}

	/** Whether the SDK in this process holds the session now. */
	public boolean holds(String sessionId) {
		return this.liveSessions.holds(sessionId);
	}

	/** How many sessions the SDK in this process holds now. */
	public int heldSessionCount() {
		return this.liveSessions.size();
	}

	/** Largest POST body the adapters read; a larger one is answered 413 ({@link JsonRpcErrors#BODY_TOO_LARGE}). */
	public int maxRequestBodySize() {
		return this.maxRequestBodySize;
	}

	/** Whether the SDK provider accepts {@code DELETE}; if not, it answers 405 and nothing is deleted. */
	public boolean deletesAllowed() {
		return this.deletesAllowed;
	}

	/**
	 * Ends a session a client sent {@code DELETE} for, in the store first: its record is deleted and
	 * the other replicas are told (and have heard it, as far as the bus shows within a second, so
	 * the client's next request finds the session gone wherever it lands); only then may the adapter
	 * let the SDK close it here. A store that
	 * fails leaves everything as it was (the client gets 503 and sends it again).
	 * @return {@code null} once the record is gone, else the refusal to answer with
	 */
	public JsonRpcErrors.Refusal endByClient(String sessionId) {
		try {
			this.lifecycle.delete(sessionId);
		}
		catch (SessionStoreException ex) {
			logger.warn("Session {} could not be deleted from the store: {}", SessionIds.shortForm(sessionId), ex.toString());
			this.lifecycle.storeFailed(sessionId);
			return JsonRpcErrors.STORE_DOWN;
		}
		catch (RuntimeException ex) {
			logger.error("Deleting session {} failed", SessionIds.shortForm(sessionId), ex);
			return JsonRpcErrors.SESSION_HANDLING_FAILED;
		}
		if (this.routing != null) {
			this.routing.sessionEndedAndHeard(sessionId, END_ANNOUNCEMENT_WAIT);
		}
		forgetStreams(sessionId);
		return null;
	}

	/**
	 * Ends every session bound to {@code owner}: each record is deleted, the other replicas are
	 * told, and the SDK here closes the ones it holds.
	 * @return how many sessions were ended
	 * @throws UnsupportedOperationException if the store cannot find sessions by owner
	 * @throws SessionStoreException if the store fails (the sessions ended so far stay ended)
	 */
	public int endSessionsOf(String owner) {
		Objects.requireNonNull(owner, "owner");
		SessionsByOwner byOwner = this.lifecycle.repository().sessionsByOwner()
			.orElseThrow(() -> new UnsupportedOperationException(
					"The session store cannot find sessions by owner (SessionRepository.sessionsByOwner() is empty)"));
		int ended = 0;
		List<String> ids;
		do {
			ids = byOwner.findIdsByOwner(owner, OWNER_BATCH);
			for (String id : ids) {
				this.lifecycle.delete(id);
				if (this.routing != null) {
					this.routing.sessionEnded(id);
				}
				drop(id);
				ended++;
			}
		}
		while (ids.size() == OWNER_BATCH);
		logger.info("Ended {} sessions of one owner", ended);
		return ended;
	}

	/** Drops a session from the SDK in this process (its record is gone or was never saved). */
	public void drop(String sessionId) {
		this.liveSessions.remove(sessionId);
	}

	/** The server's session factory, made to persist and restore sessions; hand it to the SDK provider. */
	public PersistingSessionFactory persisting(McpStreamableServerSession.Factory serverFactory) {
		PersistingSessionFactory factory = new PersistingSessionFactory(SdkInternals.readFactory(serverFactory),
				this.lifecycle, this.jsonMapper);
		if (this.routing != null) {
			this.routing.attach(factory);
		}
		this.factory = factory;
		return factory;
	}

	/**
	 * Makes the session factory the server gave the SDK provider persist and restore sessions, for
	 * adapters that do not stand between the server and the provider. Calling again does nothing.
	 * @throws io.github.mcpsessions.IncompatibleSdkException if the provider has no factory yet or the SDK is not supported
	 */
	public void attachToServer() {
		McpStreamableServerSession.Factory current = SdkInternals.sessionFactoryOf(this.sdkProvider);
		if (!(current instanceof PersistingSessionFactory)) {
			this.sdkProvider.setSessionFactory(persisting(current));
		}
	}

	/**
	 * Rebuilds a session straight into the SDK provider's map, without an HTTP round: for hosts that
	 * cannot send the SDK a synthetic request. Answers 200, 503 before the server exists, or 500.
	 * Blocks while the server's initialize handler runs.
	 */
	public int restoreDirectly(McpSessionRecord record) {
		PersistingSessionFactory current = this.factory;
		if (current == null) {
			return 503;
		}
		try (SessionStart.Scope scope = SessionStart.restore(record).bind()) {
			McpStreamableServerSession.McpStreamableServerSessionInit init = current
				.startSession(new McpSchema.InitializeRequest(record.protocolVersion(),
						McpSchema.ClientCapabilities.builder().build(), new McpSchema.Implementation("mcp-sessions-restore", "0")));
			init.initResult().block();
			this.liveSessions.putRestored(record.id(), init.session());
			return 200;
		}
		catch (RuntimeException ex) {
			logger.warn("Restoring session {} failed: {}", SessionIds.shortForm(record.id()), ex.toString());
			return 500;
		}
	}

	/**
	 * Makes the notifications {@code server} raises (list changes, resource updates, messages to one
	 * session) reach the sessions on every replica, as the decorated servlet's own do: for adapters
	 * that do not stand between the server and the SDK provider. Without a message bus there is
	 * nothing to route and the server is left as it is.
	 * @throws IllegalArgumentException if the server was built over another SDK provider
	 * @throws io.github.mcpsessions.IncompatibleSdkException if the SDK's server cannot take it
	 */
	public void routeNotificationsOf(McpAsyncServer server) {
		if (this.routing == null) {
			return;
		}
		McpServerTransportProviderBase current = SdkInternals.transportOf(server);
		if (current instanceof NotificationRoutingProvider) {
			return;
		}
		if (current != this.sdkProvider) {
			throw new IllegalArgumentException("The server is not built over this adapter's SDK provider");
		}
		SdkInternals.replaceTransport(server, new NotificationRoutingProvider(this.sdkProvider, this));
	}

	/**
	 * Ends the clients' listening (GET) streams held here; their sessions and calls in flight go on.
	 * A client opens its stream again, on another replica once load balancers have stopped routing
	 * here. A listening stream never ends by itself, so a host that waits for open requests before
	 * stopping (Spring's graceful shutdown) would otherwise wait its whole timeout.
	 */
	public void closeListeningStreams() {
		for (McpStreamableServerSession session : this.liveSessions.sessions()) {
			SdkInternals.closeListeningStream(session);
		}
	}

	/** Notifies every session, on whichever replica holds its listening stream when there is a bus. */
	public Mono<Void> notifyClients(String method, Object params) {
		return this.routing != null ? this.routing.notifyClients(method, params)
				: this.sdkProvider.notifyClients(method, params);
	}

	/** Notifies one session, on whichever replica holds its listening stream when there is a bus. */
	public Mono<Void> notifyClient(String sessionId, String method, Object params) {
		return this.routing != null ? this.routing.notifyClient(sessionId, method, params)
				: this.sdkProvider.notifyClient(sessionId, method, params);
	}

	/**
	 * Answers the requests this process sent to clients and still waits on with an error, so the
	 * tool calls waiting on them end with an error their client receives, not a stream that breaks;
	 * waits briefly for those answers to be written.
	 */
	public void failPendingClientRequests() {
		McpSchema.JSONRPCResponse.JSONRPCError shuttingDown = new McpSchema.JSONRPCResponse.JSONRPCError(
				McpSchema.ErrorCodes.INTERNAL_ERROR, "The server is shutting down; retry the request", null);
		List<McpStreamableServerSession> waiting = new ArrayList<>();
		for (McpStreamableServerSession session : this.liveSessions.sessions()) {
			for (Object id : SdkInternals.pendingRequestIds(session)) {
				session.accept(McpSchema.JSONRPCResponse.error(id, shuttingDown)).onErrorComplete().block();
				waiting.add(session);
			}
		}
		long deadline = System.nanoTime() + SHUTDOWN_ANSWER_WAIT.toNanos();
		while (waiting.stream().anyMatch(SdkInternals::hasOpenStream) && System.nanoTime() < deadline) {
			LockSupport.parkNanos(10_000_000);
		}
	}

	/** The requests being served now, which a graceful stop waits for. */
	public RequestsInFlight inFlight() {
		return this.inFlight;
	}

	/**
	 * Starts a graceful stop: from now on the adapter reports itself as draining (health checks
	 * answer 503 so load balancers stop routing here) and asks clients to close their connections
	 * after each response, while it goes on serving every request that arrives.
	 */
	public void startDraining() {
		if (!this.draining) {
			this.draining = true;
			logger.info("Draining: health checks answer 503, {} requests in flight, {} sessions held",
					this.inFlight.count(), heldSessionCount());
		}
	}

	/** Whether a graceful stop has begun. */
	public boolean isDraining() {
		return this.draining;
	}

	/** Writes to the store the uses of sessions that only the cache recorded (throttled touches). */
	public void flushTouches() {
		try {
			int written = this.lifecycle.repository().flushTouches();
			logger.debug("Wrote {} throttled session uses to the store", written);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not write throttled session uses to the store before stopping: {}", ex.toString());
		}
	}

	/**
	 * Before the server closes: answers pending client requests with an error, then stops the
	 * cleaner and the replica routing.
	 */
	public void close() {
		failPendingClientRequests();
		stopBackgroundWork();
	}

	/** Writes throttled session uses to the store, then stops the cleaner and the replica routing. */
	public void stopBackgroundWork() {
		flushTouches();
		if (this.cleaner != null) {
			this.cleaner.close();
		}
		if (this.routing != null) {
			this.routing.close();
		}
		if (this.streams != null) {
			this.streams.close();
		}
	}

}
