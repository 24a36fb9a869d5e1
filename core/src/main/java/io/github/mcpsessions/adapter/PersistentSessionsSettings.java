package io.github.mcpsessions.adapter;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import io.modelcontextprotocol.json.McpJsonMapper;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.internal.SettingChecks;
import io.github.mcpsessions.internal.adapter.SessionSettings;
import io.github.mcpsessions.internal.cache.CachingSessionRepository;
import io.github.mcpsessions.internal.lifecycle.SessionExpiryPolicy;
import io.github.mcpsessions.internal.lifecycle.SessionIdSigner;
import io.github.mcpsessions.internal.replicas.BusSecrets;
import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.session.SessionListener;

/**
 * The settings every persistence adapter shares, whatever serves its HTTP side (the decorated
 * servlet, the servlet filter, the WebFlux filter): expiry, cache, clean-up, replicas, listeners.
 * Validates each setting as it is given, naming the setting in the error.
 *
 * @param <B> the concrete builder, returned by every setter
 * @since 0.1.0
 */
public abstract class PersistentSessionsSettings<B extends PersistentSessionsSettings<B>> {

	static {
		SessionSettings.readWith(settings -> ((PersistentSessionsSettings<?>) settings).resolve());
	}

	private final SessionRepository repository;

	private final CachingSessionRepository.Builder cache;

	private Duration idleTimeout = SessionExpiryPolicy.DEFAULT_IDLE_TIMEOUT;

	private Duration maxLifetime;

	private final List<SessionListener> listeners = new ArrayList<>();

	private Duration cacheEntryTtl = Duration.ofMinutes(5);

	private boolean touchIntervalSet;

	private boolean cacheEntryTtlSet;

	private Duration touchInterval;

	private Duration cleanupInterval = Duration.ofMinutes(10);

	private int cleanupBatchSize = 1_000;

	private Clock clock = Clock.systemUTC();

	private McpJsonMapper jsonMapper;

	private SessionMessageBus messageBus;

	private SessionIdSigner idSigner;

	private byte[] messageBusSecret;

	private Duration messageBusHeartbeat = Duration.ofSeconds(1);

	private int maxRequestBodySize = 4 * 1024 * 1024;

	private EventStore eventStore;

	private Duration sseRetry = Duration.ofSeconds(1);

	private final Set<String> pollingTools = new LinkedHashSet<>();

	private Duration eventRetention = Duration.ofMinutes(10);

	private Duration primingDelay = Duration.ofMillis(200);

	private Duration requireReadyAtStart;

	protected PersistentSessionsSettings(SessionRepository repository) {
		this.repository = Objects.requireNonNull(repository, "repository");
		this.cache = repository instanceof CachingSessionRepository ? null
				: CachingSessionRepository.builder(repository);
	}

	/** How long a session lives without requests (default 24 hours). */
	public B idleTimeout(Duration idleTimeout) {
		this.idleTimeout = SettingChecks.positive("idleTimeout", idleTimeout);
		return self();
	}

	/** Absolute limit on a session's life from its creation, however busy (default none). */
	public B maxLifetime(Duration maxLifetime) {
		this.maxLifetime = maxLifetime == null ? null : SettingChecks.positive("maxLifetime", maxLifetime);
		return self();
	}

	/** Adds a listener for session events (metrics, audit). */
	public B listener(SessionListener listener) {
		this.listeners.add(Objects.requireNonNull(listener, "listener"));
		return self();
	}

	/** Most session records cached in this process (default 100,000). */
	public B cacheMaximumSize(long cacheMaximumSize) {
		cacheSettings().maximumSize(cacheMaximumSize);
		return self();
	}

	/**
	 * How long a cached record is trusted before it is read from the store again (default 5 minutes,
	 * or the idle timeout if that is shorter). Set, it must not exceed the idle timeout.
	 */
	public B cacheEntryTtl(Duration cacheEntryTtl) {
		this.cacheEntryTtl = SettingChecks.positive("cacheEntryTtl", cacheEntryTtl);
		this.cacheEntryTtlSet = true;
		return self();
	}

	/** How long an id the store does not know is answered from the cache (default 10 seconds). */
	public B negativeCacheTtl(Duration negativeCacheTtl) {
		cacheSettings().negativeTtl(negativeCacheTtl);
		return self();
	}

	/** Least time between two store writes recording a session's use (default a quarter of the idle timeout, at most 60 seconds). */
	public B touchInterval(Duration touchInterval) {
		cacheSettings().touchInterval(touchInterval);
		this.touchInterval = touchInterval;
		this.touchIntervalSet = true;
		return self();
	}

	private CachingSessionRepository.Builder cacheSettings() {
		if (this.cache == null) {
			throw new IllegalStateException(
					"The repository already has this library's cache in front (it is another adapter's repository()): "
							+ "set the cache settings on the adapter that made it, or pass the store itself");
		}
		return this.cache;
	}

	/** How often expired records are deleted (default 10 minutes); {@code null} turns the cleaner off. */
	public B cleanupInterval(Duration cleanupInterval) {
		this.cleanupInterval = cleanupInterval == null ? null
				: SettingChecks.positive("cleanupInterval", cleanupInterval);
		return self();
	}

	/** Most records one clean-up statement deletes (default 1,000). */
	public B cleanupBatchSize(int cleanupBatchSize) {
		this.cleanupBatchSize = (int) SettingChecks.atLeastOne("cleanupBatchSize", cleanupBatchSize);
		return self();
	}

	/** The clock for creation, use and expiry times (default UTC system clock); tests inject their own. */
	public B clock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
		return self();
	}

	/**
	 * Connects this provider to the other replicas sharing the store, so that all of MCP works
	 * whichever replica a request lands on: client answers to server-to-client requests,
	 * notifications, and the end of sessions travel through {@code messageBus}. Not needed for a
	 * single process. The application closes the bus after the server.
	 */
	public B messageBus(SessionMessageBus messageBus) {
		this.messageBus = Objects.requireNonNull(messageBus, "messageBus");
		return self();
	}

	/**
	 * The secret replicas seal bus messages with (at least 32 bytes, the same on every replica).
	 * Default: a random secret created by the first replica in the session store itself
	 * ({@link SessionRepository#sharedSecrets()}), which every replica reads from there; set one
	 * only for a store that cannot keep secrets.
	 */
	public B messageBusSecret(byte[] secret) {
		if (secret == null || secret.length < 32) {
			throw new IllegalArgumentException("messageBusSecret must be at least 32 bytes");
		}
		this.messageBusSecret = secret.clone();
		return self();
	}

	/**
	 * How often each replica sends itself a heartbeat over the message bus (default 1 second). A
	 * replica whose heartbeats do not come back for three intervals may be missing other replicas'
	 * messages (a session deleted elsewhere), so it reads every session from the store until they
	 * do, and then drops what it had cached. Three intervals bound how long a {@code DELETE} on one
	 * replica can go unnoticed on another.
	 */
	public B messageBusHeartbeat(Duration interval) {
		this.messageBusHeartbeat = SettingChecks.positive("messageBusHeartbeat", interval);
		return self();
	}

	/**
	 * Signs session ids with {@code secret} (at least 32 bytes, the same on every replica), so ids no
	 * server issued are refused with 404 before the store is asked: a flood of made-up ids costs no
	 * store lookups. Sessions issued without it, or under another secret, are refused as unknown.
	 * Default: unsigned ids.
	 */
	public B sessionIdSecret(byte[] secret) {
		this.idSigner = new SessionIdSigner(secret);
		return self();
	}

	/**
	 * Largest POST body an adapter reads (default 4 MiB); a larger one gets 413 with a JSON-RPC
	 * error, in every adapter, before the SDK or the store sees it.
	 */
	public B maxRequestBodySize(int maxRequestBodySize) {
		if (maxRequestBodySize < 1024) {
			throw new IllegalArgumentException("maxRequestBodySize must be at least 1024 bytes, but was " + maxRequestBodySize);
		}
		this.maxRequestBodySize = maxRequestBodySize;
		return self();
	}

	/**
	 * Makes SSE streams resumable (MCP 2025-11-25, SEP-1699): a stream starts with a priming event
	 * (see {@link #primingDelay}), each event is stored in {@code eventStore} before the client gets it, and a client that
	 * lost a stream reconnects with {@code GET} and {@code Last-Event-ID}, on any replica, and gets
	 * what it missed and then the rest. Use a store all replicas share (JDBC, Redis) for that; the
	 * message bus carries events still being produced to the replica the client came back to.
	 * Default: none (streams are not resumable, as in the SDK).
	 */
	public B eventStore(EventStore eventStore) {
		this.eventStore = Objects.requireNonNull(eventStore, "eventStore");
		return self();
	}

	/** How long a client waits before it reconnects to a broken stream (the SSE {@code retry} field, default 1 second). */
	public B sseRetry(Duration retry) {
		this.sseRetry = SettingChecks.positive("sseRetry", retry);
		return self();
	}

	/**
	 * How long stream events are kept for a client to resume (default 10 minutes): older ones are
	 * deleted in batches (a Redis event store expires them by itself). Longer than the longest call
	 * a client may resume plus its reconnection delay.
	 */
	public B eventRetention(Duration retention) {
		this.eventRetention = SettingChecks.positive("eventRetention", retention);
		return self();
	}

	/**
	 * How long a call's response stream waits before its priming event (default 200 ms). A call that
	 * answers within it, with nothing sent before, gets its answer as a plain SSE event without an id:
	 * nothing is stored and it costs what the SDK costs, and a cut in that window loses the call as it
	 * would without resumable streams. A call that sends progress, a request or a log first is primed
	 * at once; one that is still running at the end of the delay is primed then. Proxies cut
	 * responses after tens of seconds, so the window costs no resumption that matters; {@code ZERO}
	 * primes every stream at once, as SEP-1699 suggests, and stores every call's answer. The
	 * listening stream ({@code GET}) and {@link #pollingTools polling} calls are primed at once.
	 */
	public B primingDelay(Duration delay) {
		this.primingDelay = SettingChecks.notNegative("primingDelay", delay);
		return self();
	}

	/**
	 * Fail fast at start, for those who want a replica that cannot reach its store to crash rather
	 * than wait: {@code build()} waits at most {@code timeout} for the store, the event store and the
	 * message bus to be ready ({@link SessionPersistenceAdapter#readiness()}), and if they are not,
	 * stops what it started and throws {@link io.github.mcpsessions.repository.SessionStoreException}
	 * with the reason. Default: off; a replica starts without its store, answers 503 (health
	 * {@code DOWN}) until the store answers, then serves without a restart.
	 */
	public B requireReadyAtStart(Duration timeout) {
		this.requireReadyAtStart = SettingChecks.positive("requireReadyAtStart", timeout);
		return self();
	}

	/**
	 * Tools whose calls are answered in polling mode: the response stream ends right after its
	 * priming event, the call goes on, and the client gets its progress and result by resuming the
	 * stream ({@code GET} with {@code Last-Event-ID}). For calls longer than a proxy lets a response
	 * last; {@code "*"} makes every tool's calls poll. Needs {@link #eventStore}.
	 */
	public B pollingTools(String... toolNames) {
		for (String name : toolNames) {
			this.pollingTools.add(Objects.requireNonNull(name, "toolName"));
		}
		return self();
	}

	/** The JSON mapper for stored client data and error bodies (default the SDK's). */
	public B jsonMapper(McpJsonMapper jsonMapper) {
		this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
		return self();
	}

	/**
	 * Checks the settings against each other, once, when an adapter is built (each setter has
	 * already checked its own value): what one setting allows can depend on another, set before or
	 * after it.
	 * @throws IllegalStateException naming the settings that do not fit together
	 */
	private void validate() {
		if (this.cacheEntryTtlSet && this.cacheEntryTtl.compareTo(this.idleTimeout) > 0) {
			throw new IllegalStateException("cacheEntryTtl (" + this.cacheEntryTtl + ") exceeds idleTimeout ("
					+ this.idleTimeout + "): a session expired in the store could be served from the cache");
		}
		if (this.touchIntervalSet && this.touchInterval.compareTo(this.idleTimeout) >= 0) {
			throw new IllegalStateException("touchInterval (" + this.touchInterval + ") must be shorter than idleTimeout ("
					+ this.idleTimeout + "), or a session in use could expire in the store");
		}
		if (this.messageBusSecret != null && this.messageBus == null) {
			throw new IllegalStateException("messageBusSecret is set but there is no messageBus");
		}
		if (!this.pollingTools.isEmpty() && this.eventStore == null) {
			throw new IllegalStateException("pollingTools are set but there is no eventStore to resume their streams from");
		}
	}

	private SessionSettings resolve() {
		validate();
		return new SessionSettings(cachedRepository(), expiryPolicy(), this.clock, List.copyOf(this.listeners),
				this.idSigner, this.cleanupInterval, this.cleanupBatchSize, this.messageBus,
				this.messageBus == null ? null : messageBusSecret(), this.messageBusHeartbeat, this.maxRequestBodySize,
				this.jsonMapper, this.eventStore, this.sseRetry, Set.copyOf(this.pollingTools), this.eventRetention,
				this.primingDelay, this.requireReadyAtStart);
	}

	/** The bus secret as configured, else the store's shared one (created on first use). */
	private Supplier<byte[]> messageBusSecret() {
		return this.messageBusSecret != null ? BusSecrets.given(this.messageBusSecret) : BusSecrets.fromStore(this.repository);
	}

	private SessionExpiryPolicy expiryPolicy() {
		return new SessionExpiryPolicy(this.idleTimeout, this.maxLifetime);
	}

	@SuppressWarnings("unchecked")
	protected final B self() {
		return (B) this;
	}

	/** The repository with its cache, as configured. */
	private CachingSessionRepository cachedRepository() {
		if (this.cache == null) {
			return (CachingSessionRepository) this.repository;
		}
		if (!this.touchIntervalSet) {
			this.cache.touchInterval(expiryPolicy().defaultTouchInterval());
		}
		this.cache.entryTtl(this.cacheEntryTtl.compareTo(this.idleTimeout) < 0 ? this.cacheEntryTtl : this.idleTimeout);
		return this.cache.build();
	}

}
