package io.github.mcpsessions.internal.cache;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.mcpsessions.repository.McpSessionRecord;

/**
 * The record of a session the SDK holds in this process, kept outside the bounded cache for as
 * long as it is held: one object per held session, with the times as nanoseconds since the epoch
 * and the texts shared with other records, changed in place by every use. Empty ({@link #isLoaded()}
 * false) until a record is loaded, and again after it was dropped or outdated; the cache reads the
 * store then. Its own lock guards every field, so a use's two times always change together.
 */
final class HeldRecord {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private static final AtomicInteger HOLDINGS = new AtomicInteger();

	/** When the SDK here took the session, in the JVM's order of holdings. */
	private final int order = HOLDINGS.incrementAndGet();

	private final boolean restored;

	/** 0 while no record is loaded. */
	private short formatVersion;

	private String protocolVersion;

	private String clientInfoJson;

	private String clientCapabilitiesJson;

	private String owner;

	private Map<String, String> attributes;

	private long createdAt;

	private long lastAccessedAt;

	private long expiresAt;

	/** The last-accessed time the store holds; touches are throttled from it. */
	private long storedAccess;

	/** On {@link System#nanoTime()}'s clock: after it, the record is read from the store again. */
	private long trustedUntil;

	HeldRecord(boolean restored) {
		this.restored = restored;
	}

	boolean restored() {
		return this.restored;
	}

	/** Whether this holding began after {@code other}'s. */
	boolean isNewerThan(HeldRecord other) {
		return this.order - other.order > 0;
	}

	/**
	 * Keeps {@code record} here, the store holding {@code storedAccess} as its last access.
	 * @return {@code false}, and nothing loaded, if a time is outside what nanoseconds since the epoch hold
	 */
	synchronized boolean load(McpSessionRecord record, Instant storedAccess, long trustedUntil) {
		if (record.formatVersion() > Short.MAX_VALUE) {
			clear();
			return false;
		}
		try {
			this.createdAt = nanos(record.createdAt());
			this.lastAccessedAt = nanos(record.lastAccessedAt());
			this.expiresAt = nanos(record.expiresAt());
			this.storedAccess = nanos(storedAccess);
		}
		catch (ArithmeticException ex) {
			clear();
			return false;
		}
		this.formatVersion = (short) record.formatVersion();
		this.protocolVersion = record.protocolVersion();
		this.clientInfoJson = record.clientInfoJson();
		this.clientCapabilitiesJson = record.clientCapabilitiesJson();
		this.owner = record.owner();
		this.attributes = record.attributes();
		this.trustedUntil = trustedUntil;
		return true;
	}

	synchronized boolean isLoaded() {
		return this.formatVersion != 0;
	}

	/** The record while it may be trusted at {@code nanoTime}, else {@code null}. */
	synchronized McpSessionRecord trustedRecord(String id, long nanoTime) {
		return this.formatVersion != 0 && nanoTime - this.trustedUntil < 0 ? record(id) : null;
	}

	/** The record, or {@code null} if none is loaded. */
	synchronized McpSessionRecord loadedRecord(String id) {
		return this.formatVersion != 0 ? record(id) : null;
	}

	/** The record if it was used since the store last took its access time, else {@code null}. */
	synchronized McpSessionRecord unflushedRecord(String id) {
		return this.formatVersion != 0 && this.lastAccessedAt > this.storedAccess ? record(id) : null;
	}

	synchronized Instant storedAccess() {
		return instant(this.storedAccess);
	}

	/**
	 * Records a use here if the store took an access time less than {@code intervalNanos} before it.
	 * @return whether it did; {@code false} if the store is due a write (or no record is loaded)
	 */
	synchronized boolean noteUseWithin(Instant lastAccessedAt, Instant expiresAt, long intervalNanos) {
		if (this.formatVersion == 0) {
			return false;
		}
		long accessed = nanosOrMax(lastAccessedAt);
		if (accessed - this.storedAccess >= intervalNanos) {
			return false;
		}
		noteUse(accessed, nanosOrMax(expiresAt));
		return true;
	}

	/** Records a use here; of concurrent uses, the latest wins. */
	synchronized void noteUse(Instant lastAccessedAt, Instant expiresAt) {
		if (this.formatVersion != 0) {
			noteUse(nanosOrMax(lastAccessedAt), nanosOrMax(expiresAt));
		}
	}

	private void noteUse(long accessed, long expires) {
		if (accessed >= this.lastAccessedAt) {
			this.lastAccessedAt = accessed;
			this.expiresAt = expires;
		}
	}

	/** The store took this use: the record's times and the store's are these now. */
	synchronized void stored(Instant lastAccessedAt, Instant expiresAt, long trustedUntil) {
		if (this.formatVersion != 0) {
			this.lastAccessedAt = nanosOrMax(lastAccessedAt);
			this.expiresAt = nanosOrMax(expiresAt);
			this.storedAccess = this.lastAccessedAt;
			this.trustedUntil = trustedUntil;
		}
	}

	/** The store took {@code lastAccessedAt} as the last access (a flush of uses recorded here). */
	synchronized void flushed(Instant lastAccessedAt) {
		if (this.formatVersion != 0) {
			this.storedAccess = Math.max(this.storedAccess, nanosOrMax(lastAccessedAt));
		}
	}

	/** Changes attributes as the store did; {@code changes} maps a removed name to {@code null}. */
	synchronized void changeAttributes(String id, Map<String, String> changes, long trustedUntil) {
		if (this.formatVersion != 0) {
			this.attributes = record(id).withAttributeChanges(changes).attributes();
			this.trustedUntil = trustedUntil;
		}
	}

	synchronized boolean isExpiredAt(Instant now) {
		return this.formatVersion != 0 && nanosOrMax(now) >= this.expiresAt;
	}

	/** Forgets the record; the next read goes to the store. */
	synchronized void clear() {
		this.formatVersion = 0;
		this.protocolVersion = null;
		this.clientInfoJson = null;
		this.clientCapabilitiesJson = null;
		this.owner = null;
		this.attributes = null;
	}

	private McpSessionRecord record(String id) {
		return new McpSessionRecord(this.formatVersion, id, this.protocolVersion, this.clientInfoJson,
				this.clientCapabilitiesJson, this.owner, instant(this.createdAt), instant(this.lastAccessedAt),
				instant(this.expiresAt), this.attributes);
	}

	private static long nanos(Instant time) {
		return Math.addExact(Math.multiplyExact(time.getEpochSecond(), NANOS_PER_SECOND), time.getNano());
	}

	/** A time of a use (from the clock); one beyond what fits is taken as the latest that does. */
	private static long nanosOrMax(Instant time) {
		try {
			return nanos(time);
		}
		catch (ArithmeticException ex) {
			return time.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
	}

	private static Instant instant(long nanos) {
		return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
	}

}
