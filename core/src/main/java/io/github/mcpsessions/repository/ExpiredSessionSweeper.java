package io.github.mcpsessions.repository;

import java.time.Instant;

/**
 * An optional capability of a {@link SessionRepository}: deleting expired records in bulk, which
 * {@link io.github.mcpsessions.cleanup.SessionCleaner} runs in the background. Stores whose records
 * do not expire by themselves (SQL tables, memory) return it from
 * {@link SessionRepository#expiredSessionSweeper()}; a store that expires records itself (Redis)
 * does not.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ExpiredSessionSweeper {

	/**
	 * Deletes at most {@code limit} records that expired at or before {@code now}. Callers loop
	 * while the result equals {@code limit}; several processes may run this at once.
	 * @param now records with {@code expiresAt} at or before this are deleted
	 * @param limit most records deleted by this call
	 * @return how many records were deleted
	 * @throws SessionStoreException if the store cannot be reached or fails
	 */
	int deleteExpired(Instant now, int limit);

}
