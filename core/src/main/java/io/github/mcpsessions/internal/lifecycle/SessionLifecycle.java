package io.github.mcpsessions.internal.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.internal.cache.CachingSessionRepository;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.repository.UnreadableRecordException;
import io.github.mcpsessions.session.SessionListener;
import io.github.mcpsessions.session.SessionRejection;

/**
 * What happens to a persistent session, independent of any transport: create and save it, look it
 * up for a request (shape, store, expiry, owner), touch it, restore it once, delete it.
 * Transport adapters (the servlet decorator now, Spring's providers next) call these methods and
 * only translate the answers to HTTP.
 *
 * <p>Lookup order: well-formed id, then the cache, then the store; a missing, foreign-owned or
 * expired record is refused. Thread-safe.
 *
 * @since 0.1.0
 */
public final class SessionLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SessionLifecycle.class);

	private final CachingSessionRepository repository;

	private final SessionExpiryPolicy expiryPolicy;

	private final Clock clock;

	private final SessionListener listener;

	private final ConcurrentHashMap<String, Object> restoreLocks = new ConcurrentHashMap<>();

	private final SessionIdSigner idSigner;

	private volatile BooleanSupplier cacheTrusted = () -> true;

	private final Cache<String, Boolean> warnedNewerFormats = Caffeine.newBuilder()
		.executor(Runnable::run)
		.maximumSize(10_000)
		.expireAfterWrite(Duration.ofHours(1))
		.build();

	public SessionLifecycle(CachingSessionRepository repository, SessionExpiryPolicy expiryPolicy, Clock clock,
			SessionListener listener) {
		this(repository, expiryPolicy, clock, listener, null);
	}

	/** With {@code idSigner}, new ids are signed and ids that are not are refused before the store. */
	public SessionLifecycle(CachingSessionRepository repository, SessionExpiryPolicy expiryPolicy, Clock clock,
			SessionListener listener, SessionIdSigner idSigner) {
		this.repository = Objects.requireNonNull(repository, "repository");
		this.expiryPolicy = Objects.requireNonNull(expiryPolicy, "expiryPolicy");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.listener = Objects.requireNonNull(listener, "listener");
		this.idSigner = idSigner;
	}

	/**
	 * Makes lookups bypass the cache while {@code trusted} is false: while this replica may be
	 * missing other replicas' news (a session deleted elsewhere), every lookup asks the store.
	 */
	public void trustCacheWhile(BooleanSupplier trusted) {
		this.cacheTrusted = Objects.requireNonNull(trusted, "trusted");
	}

	/** The id for a new session: signed if ids are signed. */
	public String newSessionId() {
		return this.idSigner != null ? this.idSigner.generate() : SessionIds.generate();
	}

	/**
	 * Saves the record of a session a client just initialized; the caller answers the client only
	 * after this returns.
	 * @throws RuntimeException if the store failed; the session must then not be handed out
	 */
	public McpSessionRecord create(String id, String protocolVersion, String clientInfoJson,
			String clientCapabilitiesJson, String owner) {
		Instant now = this.clock.instant();
		McpSessionRecord record = McpSessionRecord.builder(id)
			.protocolVersion(protocolVersion)
			.clientInfoJson(clientInfoJson)
			.clientCapabilitiesJson(clientCapabilitiesJson)
			.owner(owner)
			.createdAt(now)
			.expiresAt(this.expiryPolicy.expiresAt(now, now))
			.build();
		this.repository.save(record);
		this.listener.sessionCreated(record);
		return record;
	}

	/**
	 * Decides whether a request from {@code owner} may use session {@code id}. A malformed id never
	 * reaches the store; an expired record is deleted on the way.
	 * @param owner the requester, or {@code null} if owner binding is off or the request is anonymous
	 */
	public SessionLookup find(String id, String owner) {
		if (!SessionIds.isWellFormed(id) || (this.idSigner != null && !this.idSigner.isIssued(id))) {
			return reject(null, SessionRejection.MALFORMED_ID);
		}
		McpSessionRecord record;
		try {
			record = (this.cacheTrusted.getAsBoolean() ? this.repository.findById(id) : this.repository.findFresh(id))
				.orElse(null);
		}
		catch (SessionStoreException ex) {
			logger.debug("Store lookup failed for session {}", SessionIds.shortForm(id), ex);
			return reject(id, SessionRejection.STORE_UNAVAILABLE);
		}
		catch (UnreadableRecordException ex) {
			discardUnreadable(id, ex.getMessage());
			return reject(id, SessionRejection.UNREADABLE_RECORD);
		}
		catch (RuntimeException ex) {
			logger.error("Looking up session {} failed", SessionIds.shortForm(id), ex);
			return reject(id, SessionRejection.INTERNAL_ERROR);
		}
		if (record == null) {
			return reject(id, SessionRejection.UNKNOWN);
		}
		if (record.formatVersion() > McpSessionRecord.CURRENT_FORMAT_VERSION) {
			warnNewerFormat(record);
			return reject(id, SessionRejection.UNREADABLE_RECORD);
		}
		if (record.owner() != null && !record.owner().equals(owner)) {
			return reject(id, SessionRejection.FOREIGN_OWNER);
		}
		if (record.isExpiredAt(this.clock.instant())) {
			expire(id);
			return reject(id, SessionRejection.EXPIRED);
		}
		return SessionLookup.found(record);
	}

	/**
	 * Deletes a record this library cannot read (corrupt: hand-edited, truncated, or not written by
	 * it), with one WARN naming its short id, so the next request is a plain 404 at no cost.
	 * @param problem what is wrong, never the record's content
	 */
	public void discardUnreadable(String id, String problem) {
		logger.warn("Session {} has a stored record that cannot be read ({}); it is deleted and the client gets 404 "
				+ "and initializes again", SessionIds.shortForm(id), problem);
		try {
			this.repository.deleteById(id);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not delete the unreadable record of session {}: {}", SessionIds.shortForm(id), ex.toString());
		}
	}

	/**
	 * Refuses a record the SDK cannot rebuild a session from (its client data is not what the SDK
	 * reads): discarded as unreadable, answered as unknown.
	 */
	public SessionLookup refuseUnrestorable(String id, String problem) {
		discardUnreadable(id, problem);
		return reject(id, SessionRejection.UNREADABLE_RECORD);
	}

	/** A newer release's record is kept as it is (a rollback would need it), refused here, and reported once per id. */
	private void warnNewerFormat(McpSessionRecord record) {
		if (this.warnedNewerFormats.asMap().putIfAbsent(record.id(), Boolean.TRUE) == null) {
			logger.warn("Session {} has a record in format {}, newer than this release reads ({}): it is answered as "
					+ "unknown here and kept in the store. Finish the upgrade of every replica (docs/operations.md, "
					+ "\"Record format versions\")", SessionIds.shortForm(record.id()), record.formatVersion(),
					McpSessionRecord.CURRENT_FORMAT_VERSION);
		}
	}

	/**
	 * Reports a request refused with 503 because the store failed outside a lookup: saving a new
	 * session or deleting one.
	 * @param id the session concerned, or {@code null} if it never got an id
	 */
	public void storeFailed(String id) {
		this.listener.sessionRejected(id, SessionRejection.STORE_UNAVAILABLE);
	}

	private SessionLookup reject(String id, SessionRejection reason) {
		this.listener.sessionRejected(id, reason);
		return SessionLookup.rejected(reason);
	}

	private void expire(String id) {
		try {
			this.repository.deleteById(id);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not delete expired session {}; the cleaner will: {}", SessionIds.shortForm(id),
					ex.toString());
		}
		this.listener.sessionExpired(id);
	}

	/**
	 * Records a use of the session. The store write is throttled by the cache; a failing store is
	 * logged and the request goes on, since the session is held here.
	 */
	public void touch(McpSessionRecord record) {
		Instant now = this.clock.instant();
		try {
			this.repository.touch(record.id(), now, this.expiryPolicy.expiresAt(record.createdAt(), now));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record use of session {}: {}", SessionIds.shortForm(record.id()), ex.toString());
		}
		this.listener.sessionTouched(record.id());
	}

	/**
	 * Runs {@code restore} unless {@code isLive} already holds, at most one at a time per id in this
	 * process, so concurrent first requests for one session rebuild it once.
	 * @return whether this call ran {@code restore}
	 */
	public boolean restoreOnce(String id, BooleanSupplier isLive, Runnable restore) {
		if (isLive.getAsBoolean()) {
			return false;
		}
		Object lock = this.restoreLocks.computeIfAbsent(id, key -> new Object());
		try {
			synchronized (lock) {
				if (isLive.getAsBoolean()) {
					return false;
				}
				restore.run();
				return true;
			}
		}
		finally {
			this.restoreLocks.remove(id, lock);
		}
	}

	/** Reports that a session was rebuilt here from {@code record}. */
	public void restored(McpSessionRecord record) {
		this.listener.sessionRestored(record);
	}

	/**
	 * Deletes a session's record after the client ended it; a later request gets 404.
	 * @throws RuntimeException if the store failed
	 */
	public void delete(String id) {
		this.repository.deleteById(id);
		this.listener.sessionDeleted(id);
	}

	/**
	 * Merges attribute changes into the stored record, before returning.
	 * @throws IllegalStateException if the session no longer exists
	 */
	public void updateAttributes(String id, Map<String, String> changes) {
		if (!this.repository.updateAttributes(id, changes)) {
			throw new IllegalStateException(
					"Session " + SessionIds.shortForm(id) + " no longer exists; its attributes cannot be written");
		}
	}

	/** The session's attributes as the store holds them now, bypassing the cache. */
	public Map<String, String> storedAttributes(String id) {
		return this.repository.delegate().findById(id).map(McpSessionRecord::userAttributes).orElse(Map.of());
	}

	/** The cache in front of the store. */
	public CachingSessionRepository repository() {
		return this.repository;
	}

	public Clock clock() {
		return this.clock;
	}

}
