package io.github.mcpsessions.internal.replicas;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.internal.RateLimitedWarning;
import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.repository.SessionStoreException;

/**
 * This replica's end of the message bus: seals what it sends, opens and de-duplicates what arrives
 * (anything else is dropped with a rate-limited warning), and knows whether the bus works for this
 * replica now: it publishes a heartbeat every interval and trusts the bus while its own heartbeats
 * come back within three intervals. When they come back after a gap (or after a message of its own
 * could not be sent), {@code onReconnect} runs, so what was cached while messages may have been
 * missed is dropped and what could not be said is said again.
 */
final class BusLink implements AutoCloseable {

	/** Frames sealed longer ago than this (or this far ahead, for clock skew) are refused. */
	static final Duration MAX_FRAME_AGE = Duration.ofMinutes(2);

	private static final int MISSED_HEARTBEATS = 3;

	/** Heartbeat intervals without one of its own heartbeats after which a replica counts its bus as lost. */
	static final int LOST_AFTER_HEARTBEATS = 15;

	private final long lostNanos;

	private final SessionMessageBus bus;

	private final Supplier<byte[]> secret;

	private volatile SealedFrames frames;

	private volatile String keyFailure = "the bus secret has not been read from the session store yet";

	private final String replicaId;

	private final long trustNanos;

	private final Consumer<SessionMessage> receiver;

	private final Runnable onReconnect;

	private final RateLimitedWarning dropped;

	private final Cache<String, Boolean> seen = Caffeine.newBuilder()
		.executor(Runnable::run)
		.expireAfterWrite(MAX_FRAME_AGE.multipliedBy(2))
		.maximumSize(200_000)
		.build();

	private final ScheduledFuture<?> heartbeats;

	private volatile long lastHeartbeatNanos = System.nanoTime();

	private final long startedNanos = System.nanoTime();

	private final Map<String, Long> peersHeard = new ConcurrentHashMap<>();

	private volatile boolean gap;

	/**
	 * @param secret the replicas' shared secret, read on first use (it may live in a store that is
	 * down now) and kept; until it is read, nothing is sent and what arrives is dropped
	 */
	BusLink(SessionMessageBus bus, Supplier<byte[]> secret, String replicaId, Duration heartbeatInterval,
			ScheduledExecutorService scheduler, Consumer<SessionMessage> receiver, Runnable onReconnect) {
		this.bus = bus;
		this.secret = secret;
		this.replicaId = replicaId;
		this.trustNanos = heartbeatInterval.toNanos() * MISSED_HEARTBEATS;
		this.lostNanos = heartbeatInterval.toNanos() * LOST_AFTER_HEARTBEATS;
		this.receiver = receiver;
		this.onReconnect = onReconnect;
		this.dropped = new RateLimitedWarning(BusLink.class, "the replica message bus");
		bus.subscribe(this::arrived);
		long period = heartbeatInterval.toMillis();
		this.heartbeats = scheduler.scheduleWithFixedDelay(this::beat, 0, period, TimeUnit.MILLISECONDS);
	}

	/**
	 * Seals and sends a message to every replica.
	 * @throws io.github.mcpsessions.repository.SessionStoreException if the bus cannot be reached
	 */
	void publish(SessionMessage message) {
		try {
			this.bus.publish(frames().seal(message));
		}
		catch (RuntimeException ex) {
			this.gap = true;
			throw ex;
		}
	}

	private SealedFrames frames() {
		SealedFrames current = this.frames;
		if (current == null) {
			synchronized (this) {
				if (this.frames == null) {
					try {
						this.frames = new SealedFrames(this.secret.get(), Clock.systemUTC(), MAX_FRAME_AGE);
					}
					catch (SessionStoreException ex) {
						this.keyFailure = "the bus secret could not be read from the session store: " + ex.getMessage();
						throw ex;
					}
				}
				current = this.frames;
			}
		}
		return current;
	}

	/**
	 * Ready once the bus is and the secret was read; not ready when this replica's own heartbeats
	 * have not come back for {@link #LOST_AFTER_HEARTBEATS} intervals (the bus is lost, not blinking).
	 */
	Readiness readiness() {
		Readiness bus = this.bus.readiness();
		if (!bus.ready()) {
			return bus;
		}
		if (this.frames == null) {
			return Readiness.notReady("replica message bus: " + this.keyFailure);
		}
		long silentNanos = System.nanoTime() - this.lastHeartbeatNanos;
		if (silentNanos > this.lostNanos) {
			return Readiness.notReady("replica message bus: none of this replica's heartbeats came back for "
					+ TimeUnit.NANOSECONDS.toSeconds(silentNanos) + " s");
		}
		return Readiness.READY;
	}

	/** Whether this replica's own messages came back recently: if not, it may be missing others'. */
	boolean isTrusted() {
		return System.nanoTime() - this.lastHeartbeatNanos <= this.trustNanos;
	}

	private void beat() {
		if (!isTrusted()) {
			this.gap = true;
		}
		try {
			publish(new SessionMessage(SessionMessage.Type.HEARTBEAT, "", this.replicaId, UUID.randomUUID().toString(), ""));
		}
		catch (RuntimeException ex) {
			// The bus is down: heartbeats stop coming back, and this replica stops trusting its cache.
		}
	}

	private void arrived(String frame) {
		SealedFrames current = this.frames;
		if (current == null) {
			this.dropped.warn("a frame arrived before the bus secret was read from the session store");
			return;
		}
		SessionMessage message;
		try {
			message = current.open(frame);
		}
		catch (SealedFrames.RejectedFrameException ex) {
			this.dropped.warn("a frame " + ex.getMessage());
			return;
		}
		if (this.seen.asMap().putIfAbsent(message.origin() + ' ' + message.messageId(), Boolean.TRUE) != null) {
			this.dropped.warn("a frame arrived twice (replayed)");
			return;
		}
		if (message.type() == SessionMessage.Type.HEARTBEAT) {
			if (this.replicaId.equals(message.origin())) {
				heardOwnHeartbeat();
			}
			else {
				heardPeer(message.origin());
			}
			return;
		}
		this.receiver.accept(message);
	}

	/**
	 * Whether replica {@code replicaId} is running, as far as this replica can tell: its heartbeats
	 * came within three intervals, or this replica cannot tell yet (it started less than that ago,
	 * or its own heartbeats are not coming back, so it may be the one cut off).
	 */
	boolean isAlive(String replicaId) {
		long now = System.nanoTime();
		if (replicaId.equals(this.replicaId) || now - this.startedNanos <= this.trustNanos || !isTrusted()) {
			return true;
		}
		Long heard = this.peersHeard.get(replicaId);
		return heard != null && now - heard <= this.trustNanos;
	}

	private void heardPeer(String origin) {
		long now = System.nanoTime();
		if (this.peersHeard.put(origin, now) == null && this.peersHeard.size() > 1_000) {
			this.peersHeard.values().removeIf(heard -> now - heard > this.trustNanos * 10);
		}
	}

	private void heardOwnHeartbeat() {
		boolean wasCut = this.gap || !isTrusted();
		this.lastHeartbeatNanos = System.nanoTime();
		if (wasCut) {
			this.gap = false;
			this.onReconnect.run();
		}
	}

	@Override
	public void close() {
		this.heartbeats.cancel(false);
	}

}
