package io.github.mcpsessions.internal.replicas;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.internal.lifecycle.SessionLifecycle;
import io.github.mcpsessions.internal.sdk.ClientNotifications;
import io.github.mcpsessions.internal.sdk.PersistingSessionFactory;
import io.github.mcpsessions.internal.sdk.SdkInternals;
import io.github.mcpsessions.internal.sdk.SdkSessionMap;
import io.github.mcpsessions.internal.streams.ResumableStreams;
import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.repository.McpSessionRecord;

/**
 * Makes the replicas sharing a store act as one server for everything that lives in one process:
 * a client's answer reaches the replica whose request waits for it, notifications reach the
 * replica holding the session's listening stream, a session that ends ends everywhere, and every
 * replica knows every session's resource subscriptions. Transport-independent: a transport adapter
 * calls it, and it talks to other replicas through a {@link SessionMessageBus}.
 *
 * @since 0.1.0
 */
public final class ReplicaRouting implements AutoCloseable, ClientNotifications {

	private static final Logger logger = LoggerFactory.getLogger(ReplicaRouting.class);

	private static final int MAX_UNANNOUNCED_ENDS = 100_000;

	private static final TypeRef<Map<String, Object>> JSON_OBJECT = new TypeRef<>() {
	};

	private final BusLink link;

	private final SdkSessionMap liveSessions;

	private final SessionLifecycle lifecycle;

	private final McpJsonMapper json;

	private final Duration claimTimeout;

	private final String replicaId = newReplicaId();

	private final ConcurrentHashMap<String, Unclaimed> unclaimed = new ConcurrentHashMap<>();

	private final Set<String> unannouncedEnds = ConcurrentHashMap.newKeySet();

	private final ConcurrentHashMap<String, CountDownLatch> endsAwaitingEcho = new ConcurrentHashMap<>();

	private volatile ResumableStreams streams;

	private final ScheduledExecutorService scheduler;

	private volatile PersistingSessionFactory factory;

	/**
	 * @param busSecret the secret every replica seals messages with, at least 32 bytes
	 * @param heartbeatInterval how often this replica checks that the bus works for it; after three
	 * silent intervals it stops trusting its cache until the bus works again
	 * @param liveSessions the sessions the SDK holds in this process (read, and removed from when one ends)
	 * @param claimTimeout how long a forwarded client answer may go unclaimed before it is logged as lost
	 */
	public ReplicaRouting(SessionMessageBus bus, Supplier<byte[]> busSecret, Duration heartbeatInterval,
			SdkSessionMap liveSessions, SessionLifecycle lifecycle, McpJsonMapper json,
			Duration claimTimeout) {
		Objects.requireNonNull(bus, "bus");
		this.liveSessions = liveSessions;
		this.lifecycle = lifecycle;
		this.json = json;
		this.claimTimeout = claimTimeout;
		// Two threads: a long re-check after a bus gap must not hold up heartbeats.
		this.scheduler = Executors.newScheduledThreadPool(2, runnable -> {
			Thread thread = new Thread(runnable, "mcp-sessions-bus-checks");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(100, claimTimeout.toMillis() / 2);
		this.scheduler.scheduleWithFixedDelay(this::reportUnclaimed, period, period, TimeUnit.MILLISECONDS);
		this.link = new BusLink(bus, busSecret, this.replicaId, heartbeatInterval, this.scheduler, this::receive,
				this::reconnected);
		lifecycle.trustCacheWhile(this.link::isTrusted);
	}

	/**
	 * After a gap in the bus, messages may have been missed: cached records are dropped, held
	 * sessions whose record is gone (deleted elsewhere meanwhile) are closed, and the ends of
	 * sessions this replica could not announce during the gap are announced now.
	 */
	private void reconnected() {
		this.lifecycle.repository().invalidateAll();
		for (String sessionId : List.copyOf(this.unannouncedEnds)) {
			this.unannouncedEnds.remove(sessionId);
			sessionEnded(sessionId);
		}
		logger.info("The replica message bus works again for replica {}: cached sessions dropped, held sessions re-checked",
				this.replicaId);
		this.scheduler.execute(() -> {
			for (String sessionId : this.liveSessions.ids()) {
				try {
					if (this.lifecycle.repository().delegate().findById(sessionId).isEmpty()) {
						end(sessionId);
					}
				}
				catch (RuntimeException ex) {
					logger.debug("Could not re-check session {} after a bus gap: {}", SessionIds.shortForm(sessionId),
							ex.toString());
				}
			}
		});
	}

	/** Connects the session factory, whose subscription changes go to the other replicas. */
	public void attach(PersistingSessionFactory factory) {
		this.factory = factory;
		factory.onStateChange(this::stateChanged);
	}

	/** Whether messages reach the other replicas (see {@code BusLink#readiness}). */
	public Readiness readiness() {
		return this.link.readiness();
	}

	/** This replica's id in messages, for logs. */
	public String replicaId() {
		return this.replicaId;
	}

	/**
	 * Routes a POST body if it is a client's answer that this replica is not waiting for: then it is
	 * sent to the other replicas and the caller answers 202 without the SDK.
	 * @return whether the body was routed away
	 * @throws io.github.mcpsessions.repository.SessionStoreException if the bus cannot be reached
	 */
	public boolean routeClientResponse(String sessionId, byte[] body) {
		if (body == null || !mayBeResponse(body)) {
			return false;
		}
		Map<String, Object> message = jsonObject(body);
		if (message == null || message.containsKey("method") || !message.containsKey("id")
				|| !(message.containsKey("result") || message.containsKey("error"))) {
			return false;
		}
		McpStreamableServerSession session = this.liveSessions.get(sessionId);
		if (session != null && SdkInternals.awaitsResponse(session, message.get("id"))) {
			return false;
		}
		SessionMessage forward = message(SessionMessage.Type.CLIENT_RESPONSE, sessionId,
				new String(body, java.nio.charset.StandardCharsets.UTF_8));
		this.unclaimed.put(forward.messageId(), new Unclaimed(sessionId, String.valueOf(message.get("id")), System.nanoTime()));
		try {
			this.link.publish(forward);
		}
		catch (RuntimeException ex) {
			this.unclaimed.remove(forward.messageId());
			throw ex instanceof io.github.mcpsessions.repository.SessionStoreException store ? store
					: new io.github.mcpsessions.repository.SessionStoreException("The replica message bus failed: " + ex, ex);
		}
		return true;
	}

	/** Requests and notifications (most POSTs) name no {@code result} or {@code error}: they skip the JSON parse. */
	private static boolean mayBeResponse(byte[] body) {
		String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
		return text.contains("\"result\"") || text.contains("\"error\"");
	}

	/** Sends a notification to the session's listening stream, wherever it is held. */
	@Override
	public Mono<Void> notifyClient(String sessionId, String method, Object params) {
		McpStreamableServerSession session = this.liveSessions.get(sessionId);
		if (session != null && SdkInternals.hasListeningStream(session)) {
			return session.sendNotification(method, params);
		}
		return Mono.fromRunnable(() -> this.link.publish(message(SessionMessage.Type.NOTIFICATION, sessionId,
				notificationJson(method, params))));
	}

	/** Sends a notification to every session's listening stream, on every replica. */
	@Override
	public Mono<Void> notifyClients(String method, Object params) {
		return Mono.fromRunnable(() -> this.link.publish(message(SessionMessage.Type.BROADCAST_NOTIFICATION, "",
				notificationJson(method, params))));
	}

	/**
	 * Tells every replica that a session ended (deleted or expired). If the bus cannot be reached,
	 * it is told again as soon as the bus works for this replica.
	 */
	public void sessionEnded(String sessionId) {
		announceEnd(sessionId);
	}

	/**
	 * {@link #sessionEnded}, then waits (at most {@code within}) until this replica hears its own
	 * announcement back. The bus hands a message to every replica at about once, so by then the
	 * others have it too: a client that sent {@code DELETE} and then a request that lands on another
	 * replica finds the session gone there.
	 */
	public void sessionEndedAndHeard(String sessionId, Duration within) {
		CountDownLatch heard = new CountDownLatch(1);
		this.endsAwaitingEcho.put(sessionId, heard);
		try {
			if (announceEnd(sessionId) && !heard.await(within.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.debug("The end of session {} did not come back over the bus within {}",
						SessionIds.shortForm(sessionId), within);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.endsAwaitingEcho.remove(sessionId, heard);
		}
	}

	private boolean announceEnd(String sessionId) {
		try {
			this.link.publish(message(SessionMessage.Type.SESSION_ENDED, sessionId, ""));
			return true;
		}
		catch (RuntimeException ex) {
			if (this.unannouncedEnds.size() < MAX_UNANNOUNCED_ENDS) {
				this.unannouncedEnds.add(sessionId);
			}
			logger.warn("Could not tell other replicas that session {} ended; they will be told when the bus is back, "
					+ "and forget it within the cache TTL at the latest: {}", SessionIds.shortForm(sessionId), ex.toString());
			return false;
		}
	}

	private void stateChanged(String sessionId, Map<String, String> changes) {
		changes.forEach((name, value) -> {
			if (name.startsWith(McpSessionRecord.SUBSCRIPTION_ATTRIBUTE_PREFIX)) {
				Map<String, Object> change = new LinkedHashMap<>();
				change.put("uri", name.substring(McpSessionRecord.SUBSCRIPTION_ATTRIBUTE_PREFIX.length()));
				change.put("subscribed", value != null);
				try {
					this.link.publish(message(SessionMessage.Type.SUBSCRIPTION_CHANGED, sessionId, write(change)));
				}
				catch (RuntimeException ex) {
					logger.warn("Could not tell other replicas of a subscription change of session {}: {}",
							SessionIds.shortForm(sessionId), ex.toString());
				}
			}
		});
	}

	private void receive(SessionMessage message) {
		boolean mine = this.replicaId.equals(message.origin());
		switch (message.type()) {
			case CLIENT_RESPONSE -> deliverResponse(message);
			case RESPONSE_CLAIMED -> this.unclaimed.remove(message.payload());
			case NOTIFICATION -> deliverNotification(message);
			case BROADCAST_NOTIFICATION -> broadcast(message);
			case SESSION_ENDED -> {
				if (!mine) {
					end(message.sessionId());
				}
				else {
					CountDownLatch heard = this.endsAwaitingEcho.get(message.sessionId());
					if (heard != null) {
						heard.countDown();
					}
				}
			}
			case SUBSCRIPTION_CHANGED -> {
				if (!mine) {
					applySubscription(message);
				}
			}
			case STREAM_EVENT -> {
				if (!mine) {
					deliverStreamEvent(message);
				}
			}
			case HEARTBEAT, SERVER_CHANGE -> {
				// heartbeats are the link's; server changes are the change feed's
			}
		}
	}

	private void deliverResponse(SessionMessage message) {
		McpStreamableServerSession session = this.liveSessions.get(message.sessionId());
		if (session == null) {
			return;
		}
		McpSchema.JSONRPCMessage response;
		try {
			response = McpSchema.deserializeJsonRpcMessage(this.json, message.payload());
		}
		catch (IOException ex) {
			logger.warn("A client answer forwarded by replica {} is not JSON-RPC: {}", message.origin(), ex.toString());
			return;
		}
		if (!(response instanceof McpSchema.JSONRPCResponse answer)
				|| !SdkInternals.awaitsResponse(session, answer.id())) {
			return;
		}
		session.accept(answer).onErrorResume(ex -> Mono.empty()).subscribe();
		this.link.publish(message(SessionMessage.Type.RESPONSE_CLAIMED, message.sessionId(), message.messageId()));
	}

	private void deliverNotification(SessionMessage message) {
		McpStreamableServerSession session = this.liveSessions.get(message.sessionId());
		if (session == null || !SdkInternals.hasListeningStream(session)) {
			return;
		}
		Map<String, Object> notification = jsonObject(message.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8));
		if (notification != null) {
			session.sendNotification((String) notification.get("method"), notification.get("params"))
				.onErrorResume(ex -> Mono.empty())
				.subscribe();
		}
	}

	private void broadcast(SessionMessage message) {
		Map<String, Object> notification = jsonObject(message.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8));
		if (notification == null) {
			return;
		}
		this.liveSessions.sessions()
			.stream()
			.filter(SdkInternals::hasListeningStream)
			.forEach(session -> session.sendNotification((String) notification.get("method"), notification.get("params"))
				.onErrorResume(ex -> Mono.empty())
				.subscribe());
	}

	/** A new process's id among the replicas: 8 letters and digits. */
	public static String newReplicaId() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Carries the events of resumable streams between replicas: each one this replica stores is
	 * published, and those of other replicas reach the clients that resumed their stream here.
	 */
	public void carryStreamEvents(ResumableStreams streams) {
		this.streams = streams;
		streams.producersAliveBy(this.link::isAlive);
		streams.relayTo(event -> {
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("stream", event.streamId());
			payload.put("id", event.event().id());
			payload.put("data", event.event().data());
			try {
				this.link.publish(message(SessionMessage.Type.STREAM_EVENT, "", write(payload)));
			}
			catch (RuntimeException ex) {
				logger.debug("An event of stream {} was stored but not sent to the other replicas: {}",
						event.streamId().substring(0, 8), ex.toString());
			}
		});
	}

	private void deliverStreamEvent(SessionMessage message) {
		ResumableStreams target = this.streams;
		Map<String, Object> event = jsonObject(message.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8));
		if (target == null || event == null || !(event.get("stream") instanceof String stream)
				|| !(event.get("id") instanceof String id) || !(event.get("data") instanceof String data)) {
			return;
		}
		target.deliver(stream, new EventStore.StoredEvent(id, data));
	}

	private void end(String sessionId) {
		this.lifecycle.repository().invalidate(sessionId);
		if (!this.liveSessions.remove(sessionId) && this.factory != null) {
			this.factory.forgetSession(sessionId);
		}
	}

	private void applySubscription(SessionMessage message) {
		this.lifecycle.repository().invalidate(message.sessionId());
		Map<String, Object> change = jsonObject(message.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8));
		if (change == null || this.factory == null) {
			return;
		}
		this.factory.applySubscription(message.sessionId(), (String) change.get("uri"),
				Boolean.TRUE.equals(change.get("subscribed")), this.liveSessions.get(message.sessionId()));
	}

	private void reportUnclaimed() {
		long now = System.nanoTime();
		this.unclaimed.forEach((messageId, pending) -> {
			if (now - pending.sentNanos() > this.claimTimeout.toNanos() && this.unclaimed.remove(messageId, pending)) {
				logger.warn("No replica took the client's answer to request {} of session {} within {}: the replica that "
						+ "sent the request may have stopped, or the request timed out", pending.requestId(),
						SessionIds.shortForm(pending.sessionId()), this.claimTimeout);
			}
		});
	}

	private SessionMessage message(SessionMessage.Type type, String sessionId, String payload) {
		return new SessionMessage(type, sessionId, this.replicaId, UUID.randomUUID().toString(), payload);
	}

	private String notificationJson(String method, Object params) {
		Map<String, Object> notification = new LinkedHashMap<>();
		notification.put("method", method);
		notification.put("params", params);
		return write(notification);
	}

	private String write(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot write a session message as JSON", ex);
		}
	}

	private Map<String, Object> jsonObject(byte[] body) {
		try {
			return this.json.readValue(body, JSON_OBJECT);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/** Stops the checks for unclaimed answers; the bus belongs to the application, which closes it. */
	@Override
	public void close() {
		this.link.close();
		this.scheduler.shutdownNow();
	}

	private record Unclaimed(String sessionId, String requestId, long sentNanos) {
	}

}
