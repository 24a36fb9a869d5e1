package io.github.mcpsessions.servlet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.cache.CachingSessionRepository;
import io.github.mcpsessions.cleanup.SessionCleaner;
import io.github.mcpsessions.messaging.ReplicaRouting;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.sdk.PersistingSessionFactory;
import io.github.mcpsessions.sdk.SdkInternals;
import io.github.mcpsessions.sdk.SessionStart;
import io.github.mcpsessions.session.LoggingSessionListener;
import io.github.mcpsessions.session.SessionIds;
import io.github.mcpsessions.session.SessionLifecycle;
import io.github.mcpsessions.session.SessionListener;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import reactor.core.publisher.Mono;

/**
 * Session persistence around one SDK transport provider, whatever serves its HTTP side: the
 * lifecycle (cache and store), the cleaner, the replica routing and the request gate, plus what
 * the provider side needs (the persisting session factory, notification routing, a graceful stop).
 */
final class PersistentSessions {

	private static final Logger logger = LoggerFactory.getLogger(PersistentSessions.class);

	/** How long a client's answer forwarded to other replicas may go unclaimed before it is logged as lost. */
	private static final Duration CLIENT_ANSWER_CLAIM_TIMEOUT = Duration.ofSeconds(5);

	/** Longest a shutdown waits for tool calls whose client requests it failed to answer their clients. */
	private static final Duration SHUTDOWN_ANSWER_WAIT = Duration.ofSeconds(2);

	private final McpStreamableServerTransportProvider sdkProvider;

	private final Map<String, McpStreamableServerSession> liveSessions;

	private final SessionLifecycle lifecycle;

	private final McpJsonMapper jsonMapper;

	private final SessionCleaner cleaner;

	private final ReplicaRouting routing;

	private final SessionGate gate;

	private volatile PersistingSessionFactory factory;

	PersistentSessions(PersistentSessionsBuilder<?> settings, McpStreamableServerTransportProvider sdkProvider) {
		SdkInternals.verifyFactoryShape();
		this.sdkProvider = sdkProvider;
		this.liveSessions = SdkInternals.liveSessions(sdkProvider);
		this.jsonMapper = settings.jsonMapper != null ? settings.jsonMapper : McpJsonDefaults.getMapper();
		CachingSessionRepository repository = settings.cachedRepository();
		List<SessionListener> listeners = new ArrayList<>();
		listeners.add(new LoggingSessionListener());
		listeners.addAll(settings.listeners);
		this.lifecycle = new SessionLifecycle(repository, settings.expiryPolicy(), settings.clock,
				SessionListener.composite(listeners));
		if (settings.cleanupInterval != null) {
			this.cleaner = new SessionCleaner(repository, settings.clock, settings.cleanupInterval,
					settings.cleanupBatchSize);
			this.cleaner.start();
		}
		else {
			this.cleaner = null;
		}
		this.routing = settings.messageBus == null ? null
				: new ReplicaRouting(settings.messageBus, this.liveSessions, this.lifecycle, this.jsonMapper,
						CLIENT_ANSWER_CLAIM_TIMEOUT);
		this.gate = new SessionGate(this.lifecycle, this.liveSessions, new JsonRpcErrors(this.jsonMapper),
				this.jsonMapper, settings.ownerResolver, this.routing);
	}

	SessionLifecycle lifecycle() {
		return this.lifecycle;
	}

	SessionGate gate() {
		return this.gate;
	}

	int heldSessionCount() {
		return this.liveSessions.size();
	}

	/** The server's session factory, made to persist and restore sessions; hand it to the SDK provider. */
	PersistingSessionFactory persisting(McpStreamableServerSession.Factory serverFactory) {
		PersistingSessionFactory factory = new PersistingSessionFactory(SdkInternals.readFactory(serverFactory),
				this.lifecycle, this.jsonMapper);
		if (this.routing != null) {
			this.routing.attach(factory);
		}
		this.factory = factory;
		return factory;
	}

	/**
	 * Rebuilds a session straight into the SDK provider's map, without an HTTP round: for hosts that
	 * cannot send the SDK's servlet a synthetic request. Answers 200, or 503 before the server exists.
	 */
	int restoreDirectly(McpSessionRecord record) {
		PersistingSessionFactory current = this.factory;
		if (current == null) {
			return 503;
		}
		try (SessionStart.Scope scope = SessionStart.restore(record).bind()) {
			McpStreamableServerSession.McpStreamableServerSessionInit init = current
				.startSession(new McpSchema.InitializeRequest(record.protocolVersion(),
						McpSchema.ClientCapabilities.builder().build(), new McpSchema.Implementation("mcp-sessions-restore", "0")));
			init.initResult().block();
			this.liveSessions.put(record.id(), init.session());
			return 200;
		}
		catch (RuntimeException ex) {
			logger.warn("Restoring session {} failed: {}", SessionIds.shortForm(record.id()), ex.toString());
			return 500;
		}
	}

	Mono<Void> notifyClients(String method, Object params) {
		return this.routing != null ? this.routing.notifyClients(method, params)
				: this.sdkProvider.notifyClients(method, params);
	}

	Mono<Void> notifyClient(String sessionId, String method, Object params) {
		return this.routing != null ? this.routing.notifyClient(sessionId, method, params)
				: this.sdkProvider.notifyClient(sessionId, method, params);
	}

	/**
	 * Answers the requests this process sent to clients and still waits on with an error, so the
	 * tool calls waiting on them end with an error their client receives, not a stream that breaks;
	 * waits briefly for those answers to be written.
	 */
	void failPendingClientRequests() {
		McpSchema.JSONRPCResponse.JSONRPCError shuttingDown = new McpSchema.JSONRPCResponse.JSONRPCError(
				McpSchema.ErrorCodes.INTERNAL_ERROR, "The server is shutting down; retry the request", null);
		List<McpStreamableServerSession> waiting = new ArrayList<>();
		for (McpStreamableServerSession session : this.liveSessions.values()) {
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

	/** Stops the cleaner and the replica routing. */
	void stopBackgroundWork() {
		if (this.cleaner != null) {
			this.cleaner.close();
		}
		if (this.routing != null) {
			this.routing.close();
		}
	}

}
