package io.github.mcpsessions.internal.sdk;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProviderBase;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.internal.lifecycle.SessionLifecycle;
import io.github.mcpsessions.repository.McpSessionRecord;

/**
 * Everything this library does to one SDK transport provider and the server over it: its session
 * factory made persistent, the sessions it holds (held here? drop, rebuild under the original id),
 * its notifications routed, its listening streams closed and its pending client requests failed
 * at a stop. The one place the request path touches the SDK.
 */
public final class SdkBridge {

	private static final Logger logger = LoggerFactory.getLogger(SdkBridge.class);

	/** Longest a shutdown waits for tool calls whose client requests it failed to answer their clients. */
	private static final Duration SHUTDOWN_ANSWER_WAIT = Duration.ofSeconds(2);

	private final McpStreamableServerTransportProvider provider;

	private final SdkSessionMap liveSessions;

	private final SessionLifecycle lifecycle;

	private final McpJsonMapper jsonMapper;

	private final boolean deletesAllowed;

	private final Consumer<PersistingSessionFactory> onFactory;

	private volatile PersistingSessionFactory factory;

	/**
	 * The map of the sessions {@code provider} holds, for the bridge and for whoever else needs it
	 * (the replica routing).
	 * @throws io.github.mcpsessions.IncompatibleSdkException if the SDK on the class path is not supported
	 */
	public static SdkSessionMap sessionsOf(McpStreamableServerTransportProvider provider) {
		SdkInternals.verifyFactoryShape();
		return new SdkSessionMap(provider);
	}

	/**
	 * @param liveSessions the provider's map ({@link #sessionsOf})
	 * @param onFactory hears each persisting factory made, before the SDK gets it (the replica
	 * routing attaches to it)
	 */
	public SdkBridge(McpStreamableServerTransportProvider provider, SdkSessionMap liveSessions, SessionLifecycle lifecycle,
			McpJsonMapper jsonMapper, Consumer<PersistingSessionFactory> onFactory) {
		this.provider = provider;
		this.liveSessions = liveSessions;
		this.lifecycle = lifecycle;
		this.jsonMapper = jsonMapper;
		this.deletesAllowed = !SdkInternals.disallowsDelete(provider);
		this.onFactory = onFactory;
	}

	/** The provider's map of live sessions. */
	public SdkSessionMap liveSessions() {
		return this.liveSessions;
	}

	/** Whether the SDK in this process holds the session now. */
	public boolean holds(String sessionId) {
		return this.liveSessions.holds(sessionId);
	}

	/** How many sessions the SDK in this process holds now. */
	public int heldSessionCount() {
		return this.liveSessions.size();
	}

	/** Drops a session from the SDK in this process (its record is gone or was never saved). */
	public void drop(String sessionId) {
		this.liveSessions.remove(sessionId);
	}

	/** Whether the SDK provider accepts {@code DELETE}; if not, it answers 405 and nothing is deleted. */
	public boolean deletesAllowed() {
		return this.deletesAllowed;
	}

	/** The server's session factory, made to persist and restore sessions; hand it to the SDK provider. */
	public PersistingSessionFactory persisting(McpStreamableServerSession.Factory serverFactory) {
		PersistingSessionFactory persisting = new PersistingSessionFactory(SdkInternals.readFactory(serverFactory),
				this.lifecycle, this.jsonMapper);
		this.onFactory.accept(persisting);
		this.factory = persisting;
		return persisting;
	}

	/**
	 * Makes the session factory the server gave the SDK provider persist and restore sessions, for
	 * adapters that do not stand between the server and the provider. Calling again does nothing.
	 * @throws io.github.mcpsessions.IncompatibleSdkException if the provider has no factory yet or the SDK is not supported
	 */
	public void attachToServer() {
		McpStreamableServerSession.Factory current = SdkInternals.sessionFactoryOf(this.provider);
		if (!(current instanceof PersistingSessionFactory)) {
			this.provider.setSessionFactory(persisting(current));
		}
	}

	/** Why the SDK could not rebuild a session from {@code record}, or {@code null} if it can. */
	public String restoreProblem(McpSessionRecord record) {
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

	/**
	 * Rebuilds a session under its original id through the server's own session factory and puts
	 * it into the provider's map. Blocks while the factory runs.
	 * @return whether the SDK holds the session now; {@code false} before the server exists or if
	 * the rebuild failed (logged)
	 */
	public boolean restore(McpSessionRecord record) {
		PersistingSessionFactory current = this.factory;
		if (current == null) {
			logger.warn("Session {} cannot be restored before the MCP server is built over the provider",
					SessionIds.shortForm(record.id()));
			return false;
		}
		try (SessionStart.Scope scope = SessionStart.restore(record).bind()) {
			McpStreamableServerSession.McpStreamableServerSessionInit init = current
				.startSession(new McpSchema.InitializeRequest(record.protocolVersion(),
						McpSchema.ClientCapabilities.builder().build(), new McpSchema.Implementation("mcp-sessions-restore", "0")));
			init.initResult().block();
			this.liveSessions.putRestored(record.id(), init.session());
			return true;
		}
		catch (RuntimeException ex) {
			logger.warn("Restoring session {} failed: {}", SessionIds.shortForm(record.id()), ex.toString());
			return false;
		}
	}

	/**
	 * Makes the notifications {@code server} raises go through {@code notifications}, for adapters
	 * that do not stand between the server and the SDK provider.
	 * @throws IllegalArgumentException if the server was built over another SDK provider
	 * @throws io.github.mcpsessions.IncompatibleSdkException if the SDK's server cannot take it
	 */
	public void routeNotificationsOf(McpAsyncServer server, ClientNotifications notifications) {
		McpServerTransportProviderBase current = SdkInternals.transportOf(server);
		if (current instanceof NotificationRoutingProvider) {
			return;
		}
		if (current != this.provider) {
			throw new IllegalArgumentException("The server is not built over this adapter's SDK provider");
		}
		SdkInternals.replaceTransport(server, new NotificationRoutingProvider(this.provider, notifications));
	}

	/** The provider's own notifications, to the sessions it holds. */
	public ClientNotifications providerNotifications() {
		return new ClientNotifications() {
			@Override
			public Mono<Void> notifyClients(String method, Object params) {
				return SdkBridge.this.provider.notifyClients(method, params);
			}

			@Override
			public Mono<Void> notifyClient(String sessionId, String method, Object params) {
				return SdkBridge.this.provider.notifyClient(sessionId, method, params);
			}
		};
	}

	/** Ends the clients' listening (GET) streams held here; their sessions and calls in flight go on. */
	public void closeListeningStreams() {
		for (McpStreamableServerSession session : this.liveSessions.sessions()) {
			SdkInternals.closeListeningStream(session);
		}
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

}
