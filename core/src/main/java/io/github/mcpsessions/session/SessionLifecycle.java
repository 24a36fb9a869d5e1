package io.github.mcpsessions.session;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.cache.CachingSessionRepository;
import io.github.mcpsessions.repository.McpSessionRecord;

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
			record = this.repository.findById(id).orElse(null);
		}
		catch (RuntimeException ex) {
			logger.debug("Store lookup failed for session {}", SessionIds.shortForm(id), ex);
			return reject(id, SessionRejection.STORE_UNAVAILABLE);
		}
		if (record == null) {
			return reject(id, SessionRejection.UNKNOWN);
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
