package io.github.mcpsessions.repository;

import java.util.List;

/**
 * An optional capability of a {@link SessionRepository}: finding the sessions bound to one owner
 * (see the adapters' {@code ownerResolver}), so that an application can end every session of a
 * user who logged out or lost access ({@code SessionPersistenceAdapter.endSessionsOf}). Stores that
 * can return it from {@link SessionRepository#sessionsByOwner()}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SessionsByOwner {

	/**
	 * The ids of up to {@code limit} records bound to {@code owner}, expired ones not yet cleaned up
	 * included, in no particular order.
	 * @param owner the owner, never {@code null}
	 * @param limit most ids answered
	 * @return the ids, never {@code null}
	 * @throws SessionStoreException if the store cannot be reached or fails
	 */
	List<String> findIdsByOwner(String owner, int limit);

}
