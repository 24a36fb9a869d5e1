package io.github.mcpsessions.repository;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where MCP session records live between requests, processes and replicas: the storage contract
 * every store (in memory, JDBC, Redis) implements.
 *
 * <p>Records are keyed by a state key, which for MCP sessions is the session id. Implementations
 * are safe for use from many threads and hold no lock while doing I/O. A store that cannot be
 * reached throws {@link SessionStoreException}; callers then answer 503 and keep the session,
 * never 404.
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
	 * Deletes at most {@code limit} records that expired before {@code now}. Callers loop while the
	 * result equals {@code limit}; several processes may run this at once.
	 * @param now records with {@code expiresAt} at or before this are deleted
	 * @param limit most records deleted by this call
	 * @return how many records were deleted
	 * @throws SessionStoreException if the store cannot be reached or fails (callers answer 503)
	 */
	int deleteExpired(Instant now, int limit);

	/**
	 * How many records are stored, expired ones not yet cleaned up included. May scan the store:
	 * never call it on a request path (the health probe does not).
	 * @return the number of records
	 * @throws SessionStoreException if the store cannot be reached or fails (callers answer 503)
	 */
	long count();

	/**
	 * The shared secrets this store keeps beside its sessions, if it can (the stores of this library
	 * can). Decorators return their delegate's. Default: none.
	 */
	default java.util.Optional<SharedSecrets> sharedSecrets() {
		return java.util.Optional.empty();
	}

}
