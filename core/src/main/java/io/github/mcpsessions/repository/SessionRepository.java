package io.github.mcpsessions.repository;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.github.mcpsessions.health.Readiness;

/**
 * Where MCP session records live between requests, processes and replicas: the storage contract
 * every store (in memory, JDBC, Redis) implements.
 *
 * <p>Records are keyed by a state key, which for MCP sessions is the session id. Implementations
 * are safe for use from many threads and hold no lock while doing I/O. A store that cannot be
 * reached throws {@link SessionStoreException}; callers then answer 503 and keep the session,
 * never 404.
 *
 * <p>The required methods are what serving a session takes. What only some stores can do, or
 * need, is an optional capability answered by a view: {@link #counter()},
 * {@link #expiredSessionSweeper()}, {@link #sessionsByOwner()}, {@link #sharedSecrets()}. A
 * decorator forwards every view of its delegate.
 *
 * <p>Consistency: each method is atomic on its own record. {@link #updateAttributes} merges per
 * attribute name, so two replicas writing different names of one record at once lose neither.
 * There is no ordering across records.
 *
 * @since 0.1.0
 */
public interface SessionRepository {

	/**
	 * Saves a whole record, replacing any record with the same id. Used once per session, at
	 * {@code initialize}; when it returns, the record is durable and visible to every reader.
	 * @param record the record to save, never {@code null}
	 * @throws SessionStoreException if the store cannot be reached or fails (callers answer 503)
	 */
	void save(McpSessionRecord record);

	/**
	 * Finds a record by id. Expired records may still be returned until they are cleaned up;
	 * callers check {@link McpSessionRecord#isExpiredAt(Instant)}.
	 * @param id the session id, never {@code null}
	 * @return the record as last written, or empty if there is none
	 * @throws SessionStoreException if the store cannot be reached or fails (callers answer 503)
	 * @throws UnreadableRecordException if a record is stored under {@code id} but this library cannot read it
	 */
	Optional<McpSessionRecord> findById(String id);

	/**
	 * Records a use of a session: sets its last-accessed and expires-at times and nothing else.
	 * @param id the session id
	 * @param lastAccessedAt when the session was used
	 * @param expiresAt when it now expires unless used again
	 * @return {@code false} if there is no such record
	 * @throws SessionStoreException if the store cannot be reached or fails (callers answer 503)
	 */
	boolean touch(String id, Instant lastAccessedAt, Instant expiresAt);

	/**
	 * Merges attribute changes into a record atomically: each entry sets its name, an entry with a
	 * {@code null} value removes it, names not in {@code changes} are kept as stored.
	 * @param id the session id
	 * @param changes names to set (or, with a {@code null} value, to remove)
	 * @return {@code false} if there is no such record
	 * @throws SessionStoreException if the store cannot be reached or fails (callers answer 503)
	 */
	boolean updateAttributes(String id, Map<String, String> changes);

	/**
	 * Deletes a record; a later {@link #findById} returns empty.
	 * @param id the session id
	 * @return {@code true} if a record was deleted
	 * @throws SessionStoreException if the store cannot be reached or fails (callers answer 503)
	 */
	boolean deleteById(String id);

	/**
	 * Whether this store can serve: a store built while its server is down is not ready until it
	 * reached it (and created its schema, if asked) in the background. Cheap: no call to the server.
	 * Decorators return their delegate's. Default: ready.
	 */
	default Readiness readiness() {
		return Readiness.READY;
	}

	/**
	 * The shared secrets this store keeps beside its sessions, if it can (the stores of this library
	 * can). Decorators return their delegate's. Default: none.
	 */
	default Optional<SharedSecrets> sharedSecrets() {
		return Optional.empty();
	}

	/**
	 * Counting records, if this store can (the stores of this library can; Redis scans its keys).
	 * Decorators return their delegate's. Default: none, and health pages show no stored count.
	 */
	default Optional<SessionCounter> counter() {
		return Optional.empty();
	}

	/**
	 * Deleting expired records in bulk, if this store needs it: records a store expires by itself
	 * (Redis) need no sweeper. Decorators return their delegate's. Default: none, and the cleaner
	 * deletes nothing in the store.
	 */
	default Optional<ExpiredSessionSweeper> expiredSessionSweeper() {
		return Optional.empty();
	}

	/**
	 * Finding sessions by owner, if this store can (the stores of this library can; Redis scans its
	 * keys). Decorators return their delegate's. Default: none, and ending a user's sessions is not
	 * offered.
	 */
	default Optional<SessionsByOwner> sessionsByOwner() {
		return Optional.empty();
	}

}
