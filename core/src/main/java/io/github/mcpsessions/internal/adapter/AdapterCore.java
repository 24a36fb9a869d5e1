package io.github.mcpsessions.internal.adapter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;

import io.github.mcpsessions.adapter.SessionPersistenceAdapter;
import io.github.mcpsessions.cleanup.SessionCleaner;
import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.internal.access.SessionAccess;
import io.github.mcpsessions.internal.cache.CachingSessionRepository;
import io.github.mcpsessions.internal.drain.GracefulStop;
import io.github.mcpsessions.internal.flow.SessionRequestFlow;
import io.github.mcpsessions.internal.jsonrpc.JsonRpcBody;
import io.github.mcpsessions.internal.jsonrpc.JsonRpcErrors;
import io.github.mcpsessions.internal.lifecycle.LoggingSessionListener;
import io.github.mcpsessions.internal.lifecycle.SessionLifecycle;
import io.github.mcpsessions.internal.replicas.ReplicaRouting;
import io.github.mcpsessions.internal.sdk.ClientNotifications;
import io.github.mcpsessions.internal.sdk.SdkBridge;
import io.github.mcpsessions.internal.sdk.SdkSessionMap;
import io.github.mcpsessions.internal.startup.Startups;
import io.github.mcpsessions.internal.streams.ResumableStreams;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.session.SessionListener;

/**
 * Session persistence around one SDK transport provider, whatever serves its HTTP side: built
 * once from an adapter's settings, it wires the parts (lifecycle and cache, cleaner, replica
 * routing, resumable streams, the SDK bridge, the request flow, the graceful stop) and answers
 * what every adapter shows ({@link SessionPersistenceAdapter}). Adapters take the parts they use
 * at construction; nothing reaches through it per request.
 */
public final class AdapterCore implements SessionPersistenceAdapter {

	/** How long a client's answer forwarded to other replicas may go unclaimed before it is logged as lost. */
	private static final Duration CLIENT_ANSWER_CLAIM_TIMEOUT = Duration.ofSeconds(5);

	private final CachingSessionRepository repository;

	private final SdkBridge sdk;

	private final SessionAccess access;

	private final ReplicaRouting routing;

	private final ClientNotifications notifications;

	private final JsonRpcErrors errors;

	private final JsonRpcBody.Reader bodies;

	private final SessionRequestFlow flow;

	private final GracefulStop stop;

	private final int maxRequestBodySize;

	private final EventStore eventStore;

	/**
	 * Persists the sessions of {@code sdkProvider} as {@code settings} (an adapter's
	 * {@code PersistentSessionsSettings}; see {@link SessionSettings#of}) say.
	 * @throws io.github.mcpsessions.IncompatibleSdkException if the SDK on the class path is not supported
	 */
	public AdapterCore(Object settings, McpStreamableServerTransportProvider sdkProvider) {
		this(SessionSettings.of(settings), sdkProvider);
	}

	private AdapterCore(SessionSettings settings, McpStreamableServerTransportProvider sdkProvider) {
		McpJsonMapper jsonMapper = settings.jsonMapper() != null ? settings.jsonMapper() : McpJsonDefaults.getMapper();
		this.repository = settings.repository();
		this.maxRequestBodySize = settings.maxRequestBodySize();
		this.eventStore = settings.eventStore();
		this.errors = new JsonRpcErrors(jsonMapper);
		this.bodies = new JsonRpcBody.Reader(jsonMapper);
		List<SessionListener> listeners = new ArrayList<>();
		listeners.add(new LoggingSessionListener());
		listeners.addAll(settings.listeners());
		SessionLifecycle lifecycle = new SessionLifecycle(this.repository, settings.expiryPolicy(), settings.clock(),
				SessionListener.composite(listeners), settings.idSigner());
		List<AutoCloseable> backgroundWork = new ArrayList<>();
		if (settings.cleanupInterval() != null) {
			SessionCleaner cleaner = new SessionCleaner(this.repository, settings.clock(), settings.cleanupInterval(),
					settings.cleanupBatchSize());
			cleaner.start();
			backgroundWork.add(cleaner);
		}
		SdkSessionMap liveSessions = SdkBridge.sessionsOf(sdkProvider);
		this.routing = settings.messageBus() == null ? null
				: new ReplicaRouting(settings.messageBus(), settings.messageBusSecret(), settings.messageBusHeartbeat(),
						liveSessions, lifecycle, jsonMapper, CLIENT_ANSWER_CLAIM_TIMEOUT);
		this.sdk = new SdkBridge(sdkProvider, liveSessions, lifecycle, jsonMapper,
				this.routing == null ? factory -> {
				} : this.routing::attach);
		if (this.routing != null) {
			backgroundWork.add(this.routing);
		}
		ResumableStreams streams = settings.eventStore() == null ? null
				: new ResumableStreams(settings.eventStore(), settings.sseRetry(), settings.pollingTools(),
						settings.eventRetention(), settings.primingDelay(),
						this.routing != null ? this.routing.replicaId() : ReplicaRouting.newReplicaId(),
						this.bodies::isAnswer, settings.clock());
		if (streams != null) {
			if (this.routing != null) {
				this.routing.carryStreamEvents(streams);
			}
			backgroundWork.add(streams);
		}
		this.notifications = this.routing != null ? this.routing : this.sdk.providerNotifications();
		this.access = new SessionAccess(lifecycle, this.sdk, this.routing, streams);
		this.flow = new SessionRequestFlow(this.access, this.bodies, this.routing, streams, this::readiness);
		this.stop = new GracefulStop(this.sdk, this.repository, backgroundWork);
		if (settings.requireReadyAtStart() != null) {
			try {
				Startups.await(this::readiness, settings.requireReadyAtStart());
			}
			catch (RuntimeException ex) {
				this.stop.close();
				throw ex;
			}
		}
	}

	/** The request flow every request of the adapter goes through. */
	public SessionRequestFlow flow() {
		return this.flow;
	}

	/** The SDK side: the persisting factory, held sessions, notification routing. */
	public SdkBridge sdk() {
		return this.sdk;
	}

	/** Where the server's notifications go: every replica with a bus, else this process's provider. */
	public ClientNotifications notifications() {
		return this.notifications;
	}

	/** The graceful stop: draining, requests in flight, what is stopped at the end. */
	public GracefulStop gracefulStop() {
		return this.stop;
	}

	/** The error bodies adapters answer with. */
	public JsonRpcErrors errors() {
		return this.errors;
	}

	/** How adapters read request bodies. */
	public JsonRpcBody.Reader bodies() {
		return this.bodies;
	}

	/** Largest POST body the adapters read; a larger one is answered 413 ({@link JsonRpcErrors#BODY_TOO_LARGE}). */
	public int maxRequestBodySize() {
		return this.maxRequestBodySize;
	}

	/**
	 * Makes the session factory the server gave the SDK provider persist and restore sessions, for
	 * adapters that do not stand between the server and the provider. Calling again does nothing.
	 */
	public void attach() {
		this.sdk.attachToServer();
	}

	/**
	 * Does what {@link #attach()} does, and makes the notifications {@code server} raises reach the
	 * sessions on every replica; without a message bus there is nothing to route.
	 */
	public void attach(McpAsyncServer server) {
		attach();
		if (this.routing != null) {
			this.sdk.routeNotificationsOf(server, this.routing);
		}
	}

	/**
	 * Before the server closes: answers the requests this process sent to clients and still waits
	 * on with an error, then stops the background work.
	 */
	public void close() {
		this.stop.close();
	}

	@Override
	public SessionRepository repository() {
		return this.repository;
	}

	@Override
	public Readiness readiness() {
		// Asked on every request: no allocation while every part is ready.
		Readiness store = this.repository.readiness();
		Readiness events = this.eventStore != null ? this.eventStore.readiness() : Readiness.READY;
		Readiness bus = this.routing != null ? this.routing.readiness() : Readiness.READY;
		return store.ready() && events.ready() && bus.ready() ? Readiness.READY : Readiness.allOf(store, events, bus);
	}

	/** Lets go of a session the SDK holds here without ending it: its next request restores it (for warm-up). */
	public void release(String sessionId) {
		this.access.drop(sessionId);
	}

	@Override
	public int endSessionsOf(String owner) {
		return this.access.endSessionsOf(owner);
	}

	@Override
	public boolean holds(String sessionId) {
		return this.sdk.holds(sessionId);
	}

	@Override
	public int heldSessionCount() {
		return this.sdk.heldSessionCount();
	}

	@Override
	public void startDraining() {
		this.stop.startDraining();
	}

	@Override
	public void closeListeningStreams() {
		this.stop.closeListeningStreams();
	}

	@Override
	public boolean isDraining() {
		return this.stop.isDraining();
	}

	@Override
	public boolean awaitRequestsInFlight(Duration timeout) throws InterruptedException {
		return this.stop.awaitRequestsInFlight(timeout);
	}

}
