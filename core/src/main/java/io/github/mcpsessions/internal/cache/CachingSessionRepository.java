package io.github.mcpsessions.internal.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.stats.CacheStats;

import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.internal.SettingChecks;
import io.github.mcpsessions.repository.ExpiredSessionSweeper;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionCounter;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.repository.SessionsByOwner;
import io.github.mcpsessions.repository.SharedSecrets;

/**
 * A Caffeine read-through cache in front of any {@link SessionRepository}, so that a session in
 * use costs no store round trip per request.
 *
 * <ul>
 * <li>Bounded: at most {@code maximumSize} records; each stays at most {@code entryTtl} after it
 * was read from or written to the store, then the next read goes to the store again.</li>
 * <li>Negative lookups (ids the store does not know) are cached for {@code negativeTtl}, so a
 * flood of unknown ids cannot hammer the store.</li>
 * <li>Touches are throttled: the store is written at most once per {@code touchInterval} per
 * session; in between, only the cached copy moves. The store's expiry then lags the real one
 * by at most that interval.</li>
 * <li>{@link #deleteById} removes the record from the store and remembers it as absent here.</li>
 * <li>A touch the store failed is kept and written again by the next touch of that session or by
 * the next run of its {@link #expiredSessionSweeper()} (the cleaner's), whichever comes first, so a store outage
 * does not shorten the life of sessions used during it.</li>
 *
 * <li>A session the SDK holds in this process ({@link #hold}) keeps its record outside the bounded
 * cache until it is {@link #release released}: one compact entry per held session, with the same
 * time to live and throttling, so held sessions cost little memory and are never evicted by
 * lookups of other ids.</li>
 * </ul>
 *
 * <p>Store failures propagate and nothing is cached for them. Thread-safe; concurrent misses for
 * one id make one store call.
 *
 * @since 0.1.0
 */
public final class CachingSessionRepository implements SessionRepository {

	private final SessionRepository delegate;

	private final ConcurrentHashMap<String, CompletableFuture<CachedRecord>> loads = new ConcurrentHashMap<>();

	private final Cache<String, CachedRecord> cache;

	private final Cache<String, String> sharedText;

	private final Duration touchInterval;

	private final long touchIntervalNanos;

	private final long entryTtlNanos;

	/** The records of the sessions the SDK holds here, outside {@link #cache}. */
	private final ConcurrentHashMap<String, HeldRecord> held = new ConcurrentHashMap<>();

	private final LongAdder heldHits = new LongAdder();

	private final ConcurrentHashMap<String, FailedTouch> failedTouches = new ConcurrentHashMap<>();

	/** Distinct client info, capabilities and protocol texts shared between cached records. */
	private static final int SHARED_TEXTS = 1_000;

	private CachingSessionRepository(Builder builder) {
		this.delegate = builder.delegate;
		this.touchInterval = builder.touchInterval;
		this.touchIntervalNanos = saturatedNanos(builder.touchInterval);
		this.entryTtlNanos = saturatedNanos(builder.entryTtl);
		// Maintenance on the calling thread: handed to the common pool (one thread on two cores), every
		// write to an async cache waited about 150 microseconds for it (measured in benchmarks.md).
		this.cache = Caffeine.newBuilder()
			.executor(Runnable::run)
			.maximumSize(builder.maximumSize)
			.expireAfter(new CachedRecordExpiry(builder.entryTtl, builder.negativeTtl))
			.recordStats()
			.build();
		this.sharedText = Caffeine.newBuilder().executor(Runnable::run).maximumSize(SHARED_TEXTS).build();
	}

	/** Starts a cache in front of {@code delegate}. */
	public static Builder builder(SessionRepository delegate) {
		return new Builder(delegate);
	}

	/** The store behind this cache, for reads that must see other replicas' latest writes. */
	public SessionRepository delegate() {
		return this.delegate;
	}

	/** Hit and miss counts, for metrics; reads of held sessions' records count as hits. */
	public CacheStats stats() {
		return this.cache.stats().plus(CacheStats.of(this.heldHits.sum(), 0, 0, 0, 0, 0, 0));
	}

	/**
	 * The SDK in this process holds the session now: its record is kept here, outside the bounded
	 * cache, until {@link #release}. A later holding of the same id replaces this one.
	 * @param restored whether this process rebuilt the session from its record
	 * @return the holding, to pass to {@link #release}
	 */
	public Object hold(String id, boolean restored) {
		HeldRecord entry = new HeldRecord(restored);
		HeldRecord previous = this.held.put(id, entry);
		McpSessionRecord record = previous != null ? previous.loadedRecord(id) : null;
		if (record != null) {
			entry.load(record, previous.storedAccess(), System.nanoTime() + this.entryTtlNanos);
			return entry;
		}
		CachedRecord cached = this.cache.policy().getIfPresentQuietly(id);
		if (cached != null && cached.record() != null
				&& entry.load(cached.record(), cached.storedAccess(), System.nanoTime() + this.entryTtlNanos)) {
			this.cache.invalidate(id);
		}
		return entry;
	}

	/**
	 * The SDK here no longer holds the session (it closed it): its record, with the uses recorded
	 * here, goes back to the bounded cache. Does nothing if a later holding replaced this one.
	 * @param holding what {@link #hold} returned
	 */
	public void release(String id, Object holding) {
		if (holding instanceof HeldRecord entry && this.held.remove(id, entry)) {
			McpSessionRecord record = entry.loadedRecord(id);
			if (record != null) {
				this.cache.asMap().putIfAbsent(id, new CachedRecord(record, entry.storedAccess(), true));
			}
		}
	}

	/**
	 * Of {@code candidate} and this cache's holding of the session, the one begun last in this JVM
	 * (two adapters in one JVM, as in tests standing in for two replicas, may hold one id).
	 * @param candidate another cache's holding, or {@code null}
	 * @return {@code candidate} if this cache does not hold the session or took it earlier
	 */
	public Holding latestHolding(String id, Holding candidate) {
		HeldRecord entry = this.held.get(id);
		if (entry == null || (candidate != null && !entry.isNewerThan(candidate.entry))) {
			return candidate;
		}
		return new Holding(entry);
	}

	/** A session the SDK holds in this process ({@link #hold}). */
	public static final class Holding {

		private final HeldRecord entry;

		private Holding(HeldRecord entry) {
			this.entry = entry;
		}

		/** Whether this process rebuilt the session from its record rather than creating it. */
		public boolean restored() {
			return this.entry.restored();
		}

	}

	@Override
	public void save(McpSessionRecord record) {
		this.delegate.save(record);
		outdateLoad(record.id());
		keep(record.id(), stored(record));
	}

	/**
	 * Concurrent misses for one id share one store read, done on the calling thread and outside any
	 * cache lock, so a slow store never holds up other ids. If that read fails, each waiter reads
	 * the store itself.
	 */
	@Override
	public Optional<McpSessionRecord> findById(String id) {
		HeldRecord entry = this.held.get(id);
		if (entry != null) {
			McpSessionRecord record = entry.trustedRecord(id, System.nanoTime());
			if (record != null) {
				this.heldHits.increment();
				return Optional.of(record);
			}
		}
		while (true) {
			CachedRecord cached = this.cache.getIfPresent(id);
			if (cached != null) {
				return Optional.ofNullable(cached.record());
			}
			CompletableFuture<CachedRecord> mine = new CompletableFuture<>();
			CompletableFuture<CachedRecord> pending = this.loads.putIfAbsent(id, mine);
			if (pending == null) {
				return Optional.ofNullable(loadInto(mine, id).record());
			}
			CachedRecord loaded = pending.join();
			if (loaded != null) {
				return Optional.ofNullable(loaded.record());
			}
		}
	}

	/**
	 * Reads into the cache. A write or invalidation of the id while the read ran ends the read's
	 * claim ({@link #outdateLoad}), and what it read is not kept. A failed read completes the shared
	 * future with {@code null}, so each waiter reads the store itself.
	 */
	private CachedRecord loadInto(CompletableFuture<CachedRecord> mine, String id) {
		CachedRecord loaded = null;
		try {
			loaded = load(id);
			keep(id, loaded);
			return loaded;
		}
		finally {
			if (!this.loads.remove(id, mine) && loaded != null) {
				this.cache.invalidate(id);
			}
			mine.complete(loaded);
		}
	}

	/**
	 * Keeps what the store holds for {@code id}: in the session's held entry if the SDK holds it
	 * here, else in the bounded cache.
	 */
	private void keep(String id, CachedRecord value) {
		HeldRecord entry = this.held.get(id);
		if (entry != null) {
			if (value.record() != null
					&& entry.load(value.record(), value.storedAccess(), System.nanoTime() + this.entryTtlNanos)) {
				this.cache.invalidate(id);
				return;
			}
			entry.clear();
		}
		this.cache.put(id, value);
	}

	private static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE / 2;
		}
	}

	/** A read of {@code id} running now may have read what was just changed: it must not be cached. */
	private void outdateLoad(String id) {
		this.loads.remove(id);
	}

	private CachedRecord load(String id) {
		return this.delegate.findById(id).map(this::stored).orElse(CachedRecord.ABSENT);
	}

	/**
	 * The record as cached: its client info, capabilities and protocol version are the same text
	 * for most sessions (one client program, many sessions), so cached records share one copy.
	 */
	private CachedRecord stored(McpSessionRecord record) {
		String protocolVersion = shared(record.protocolVersion());
		String clientInfo = shared(record.clientInfoJson());
		String capabilities = shared(record.clientCapabilitiesJson());
		if (protocolVersion != record.protocolVersion() || clientInfo != record.clientInfoJson()
				|| capabilities != record.clientCapabilitiesJson()) {
			record = new McpSessionRecord(record.formatVersion(), record.id(), protocolVersion, clientInfo, capabilities,
					record.owner(), record.createdAt(), record.lastAccessedAt(), record.expiresAt(), record.attributes());
		}
		return CachedRecord.stored(record);
	}

	private String shared(String text) {
		return text == null ? null : this.sharedText.get(text, same -> same);
	}

	@Override
	public boolean touch(String id, Instant lastAccessedAt, Instant expiresAt) {
		HeldRecord entry = this.held.get(id);
		if (entry != null && entry.isLoaded()) {
			return touchHeld(id, entry, lastAccessedAt, expiresAt);
		}
		CachedRecord cached = this.cache.getIfPresent(id);
		if (cached != null && cached.record() != null
				&& lastAccessedAt.isBefore(cached.storedAccess().plus(this.touchInterval))) {
			cached.noteLocalAccess(lastAccessedAt, expiresAt);
			return true;
		}
		boolean found = writeTouch(id, lastAccessedAt, expiresAt, () -> {
			if (cached != null && cached.record() != null) {
				cached.noteLocalAccess(lastAccessedAt, expiresAt);
			}
		});
		if (found) {
			this.cache.asMap()
				.computeIfPresent(id, (key, current) -> current.record() == null ? current
						: CachedRecord.stored(current.record().withAccess(lastAccessedAt, expiresAt)));
		}
		else {
			this.cache.put(id, CachedRecord.ABSENT);
		}
		return found;
	}

	/**
	 * Writes a use to the store. A failure is kept for the next flush, and {@code onFailure} notes
	 * the use where this process keeps the record, so the session does not look idle here.
	 */
	private boolean writeTouch(String id, Instant lastAccessedAt, Instant expiresAt, Runnable onFailure) {
		boolean found;
		try {
			found = this.delegate.touch(id, lastAccessedAt, expiresAt);
		}
		catch (RuntimeException ex) {
			this.failedTouches.merge(id, new FailedTouch(lastAccessedAt, expiresAt), FailedTouch::latest);
			onFailure.run();
			throw ex;
		}
		this.failedTouches.remove(id);
		outdateLoad(id);
		return found;
	}

	private boolean touchHeld(String id, HeldRecord entry, Instant lastAccessedAt, Instant expiresAt) {
		if (entry.noteUseWithin(lastAccessedAt, expiresAt, this.touchIntervalNanos)) {
			return true;
		}
		boolean found = writeTouch(id, lastAccessedAt, expiresAt, () -> entry.noteUse(lastAccessedAt, expiresAt));
		if (found) {
			entry.stored(lastAccessedAt, expiresAt, System.nanoTime() + this.entryTtlNanos);
		}
		else {
			entry.clear();
			this.cache.put(id, CachedRecord.ABSENT);
		}
		return found;
	}

	/**
	 * Writes again the touches the store failed, until the store fails again.
	 * @return how many were written
	 */
	public int retryFailedTouches() {
		int written = 0;
		for (Map.Entry<String, FailedTouch> entry : this.failedTouches.entrySet()) {
			FailedTouch touch = entry.getValue();
			this.delegate.touch(entry.getKey(), touch.lastAccessedAt(), touch.expiresAt());
			this.failedTouches.remove(entry.getKey(), touch);
			written++;
		}
		return written;
	}

	/**
	 * Writes every use recorded only in this cache (throttled touches) to the store, and the touches
	 * the store failed: before a process stops, so no session looks idler in the store than it is.
	 * @return how many records were written
	 * @throws RuntimeException if the store fails; what was not written stays to be written
	 */
	public int flushTouches() {
		int written = retryFailedTouches();
		for (Map.Entry<String, HeldRecord> entry : this.held.entrySet()) {
			McpSessionRecord record = entry.getValue().unflushedRecord(entry.getKey());
			if (record != null) {
				this.delegate.touch(entry.getKey(), record.lastAccessedAt(), record.expiresAt());
				entry.getValue().flushed(record.lastAccessedAt());
				written++;
			}
		}
		for (Map.Entry<String, CachedRecord> entry : this.cache.asMap().entrySet()) {
			McpSessionRecord record = entry.getValue().record();
			if (record != null && record.lastAccessedAt().isAfter(entry.getValue().storedAccess())) {
				this.delegate.touch(entry.getKey(), record.lastAccessedAt(), record.expiresAt());
				this.cache.asMap().computeIfPresent(entry.getKey(), (key, current) -> current.record() == null ? current
						: CachedRecord.stored(current.record()));
				written++;
			}
		}
		return written;
	}

	/** How many touches the store failed and this cache still has to write. */
	public int failedTouchCount() {
		return this.failedTouches.size();
	}

	@Override
	public boolean updateAttributes(String id, Map<String, String> changes) {
		boolean found = this.delegate.updateAttributes(id, changes);
		outdateLoad(id);
		HeldRecord entry = this.held.get(id);
		if (entry != null && entry.isLoaded()) {
			if (found) {
				entry.changeAttributes(id, changes, System.nanoTime() + this.entryTtlNanos);
				return true;
			}
			entry.clear();
		}
		if (found) {
			this.cache.asMap()
				.computeIfPresent(id, (key, current) -> current.record() == null ? current
						: current.withRecord(current.record().withAttributeChanges(changes)));
		}
		else {
			this.cache.put(id, CachedRecord.ABSENT);
		}
		return found;
	}

	@Override
	public boolean deleteById(String id) {
		boolean deleted = this.delegate.deleteById(id);
		outdateLoad(id);
		clearHeld(id);
		this.cache.put(id, CachedRecord.ABSENT);
		return deleted;
	}

	/** Forgets what this cache holds for {@code id}; the next read goes to the store. */
	public void invalidate(String id) {
		outdateLoad(id);
		clearHeld(id);
		this.cache.invalidate(id);
	}

	private void clearHeld(String id) {
		HeldRecord entry = this.held.get(id);
		if (entry != null) {
			entry.clear();
		}
	}

	/** Forgets every cached record, e.g. after changes made by other replicas may have been missed. */
	public void invalidateAll() {
		this.loads.clear();
		this.held.values().forEach(HeldRecord::clear);
		this.cache.invalidateAll();
	}

	/** Reads the record from the store, bypassing the cache, and caches what the store answered. */
	public Optional<McpSessionRecord> findFresh(String id) {
		CachedRecord loaded = load(id);
		outdateLoad(id);
		keep(id, loaded);
		return Optional.ofNullable(loaded.record());
	}

	/**
	 * Always present, even over a store that expires records itself: the cleaner's run writes the
	 * touches the store failed first (so no session used during a store outage is deleted as
	 * expired), then runs the store's own sweeper if it has one, and forgets every record here
	 * expired at {@code now}.
	 */
	@Override
	public Optional<ExpiredSessionSweeper> expiredSessionSweeper() {
		Optional<ExpiredSessionSweeper> stores = this.delegate.expiredSessionSweeper();
		return Optional.of((now, limit) -> {
			retryFailedTouches();
			int deleted = stores.isPresent() ? stores.get().deleteExpired(now, limit) : 0;
			this.cache.asMap().values().removeIf(cached -> cached.record() != null && cached.record().isExpiredAt(now));
			this.held.values().forEach(entry -> {
				if (entry.isExpiredAt(now)) {
					entry.clear();
				}
			});
			return deleted;
		});
	}

	@Override
	public Optional<SessionCounter> counter() {
		return this.delegate.counter();
	}

	@Override
	public Optional<SessionsByOwner> sessionsByOwner() {
		return this.delegate.sessionsByOwner();
	}

	@Override
	public Optional<SharedSecrets> sharedSecrets() {
		return this.delegate.sharedSecrets();
	}

	@Override
	public Readiness readiness() {
		return this.delegate.readiness();
	}

	/** How many ids (known or known-absent, held here or not) this cache holds now. */
	public long estimatedSize() {
		return this.cache.estimatedSize() + this.held.size();
	}

	/**
	 * A cached lookup: the record, or {@code null} if the store had none; and the last-accessed time
	 * the store holds, which drives touch throttling. {@code fromStore} marks values that restart the
	 * entry's time to live. Uses made in this process between two store writes update the record in
	 * place ({@link #noteLocalAccess}): a cache write per request would cost more than the request.
	 */
	private static final class CachedRecord {

		static final CachedRecord ABSENT = new CachedRecord(null, null, true);

		private static final AtomicReferenceFieldUpdater<CachedRecord, McpSessionRecord> RECORD =
				AtomicReferenceFieldUpdater.newUpdater(CachedRecord.class, McpSessionRecord.class, "record");

		private volatile McpSessionRecord record;

		private final Instant storedAccess;

		private final boolean fromStore;

		private CachedRecord(McpSessionRecord record, Instant storedAccess, boolean fromStore) {
			this.record = record;
			this.storedAccess = storedAccess;
			this.fromStore = fromStore;
		}

		static CachedRecord stored(McpSessionRecord record) {
			return new CachedRecord(record, record.lastAccessedAt(), true);
		}

		McpSessionRecord record() {
			return this.record;
		}

		Instant storedAccess() {
			return this.storedAccess;
		}

		boolean fromStore() {
			return this.fromStore;
		}

		/** Records a use made here; of concurrent uses, the latest wins. */
		void noteLocalAccess(Instant lastAccessedAt, Instant expiresAt) {
			RECORD.updateAndGet(this, current -> current.lastAccessedAt().isAfter(lastAccessedAt) ? current
					: current.withAccess(lastAccessedAt, expiresAt));
		}

		CachedRecord withRecord(McpSessionRecord updated) {
			return new CachedRecord(updated, this.storedAccess, true);
		}

	}

	private record FailedTouch(Instant lastAccessedAt, Instant expiresAt) {

		static FailedTouch latest(FailedTouch a, FailedTouch b) {
			return b.lastAccessedAt().isAfter(a.lastAccessedAt()) ? b : a;
		}

	}

	private static final class CachedRecordExpiry implements Expiry<String, CachedRecord> {

		private final long entryTtlNanos;

		private final long negativeTtlNanos;

		CachedRecordExpiry(Duration entryTtl, Duration negativeTtl) {
			this.entryTtlNanos = entryTtl.toNanos();
			this.negativeTtlNanos = negativeTtl.toNanos();
		}

		private long ttl(CachedRecord value) {
			return value.record() == null ? this.negativeTtlNanos : this.entryTtlNanos;
		}

		@Override
		public long expireAfterCreate(String key, CachedRecord value, long currentTime) {
			return ttl(value);
		}

		@Override
		public long expireAfterUpdate(String key, CachedRecord value, long currentTime, long currentDuration) {
			return value.fromStore() ? ttl(value) : currentDuration;
		}

		@Override
		public long expireAfterRead(String key, CachedRecord value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

	/**
	 * Configures a {@link CachingSessionRepository}. Defaults: 100,000 entries, entries live 5
	 * minutes, unknown ids are remembered 10 seconds, touches reach the store at most once a minute.
	 */
	public static final class Builder {

		private final SessionRepository delegate;

		private long maximumSize = 100_000;

		private Duration entryTtl = Duration.ofMinutes(5);

		private Duration negativeTtl = Duration.ofSeconds(10);

		private Duration touchInterval = Duration.ofMinutes(1);

		private Builder(SessionRepository delegate) {
			this.delegate = Objects.requireNonNull(delegate, "delegate");
			if (delegate instanceof CachingSessionRepository) {
				throw new IllegalArgumentException("delegate is already a CachingSessionRepository; wrap the store once");
			}
		}

		/** Most records held at once; least recently used ones go first. */
		public Builder maximumSize(long maximumSize) {
			this.maximumSize = SettingChecks.atLeastOne("maximumSize", maximumSize);
			return this;
		}

		/** How long a record read from the store is trusted before it is read again. */
		public Builder entryTtl(Duration entryTtl) {
			this.entryTtl = SettingChecks.positive("entryTtl", entryTtl);
			return this;
		}

		/** How long an id the store does not know is answered from the cache. */
		public Builder negativeTtl(Duration negativeTtl) {
			this.negativeTtl = SettingChecks.positive("negativeTtl", negativeTtl);
			return this;
		}

		/** Least time between two touches of one session that reach the store. */
		public Builder touchInterval(Duration touchInterval) {
			this.touchInterval = SettingChecks.notNegative("touchInterval", touchInterval);
			return this;
		}

		public CachingSessionRepository build() {
			return new CachingSessionRepository(this);
		}

	}

}
