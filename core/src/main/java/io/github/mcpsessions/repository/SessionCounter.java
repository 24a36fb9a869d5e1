package io.github.mcpsessions.repository;

/**
 * An optional capability of a {@link SessionRepository}: counting its records, for health pages and
 * the {@code mcp.sessions.stored} gauge. Stores that can count return it from
 * {@link SessionRepository#counter()}. A count may scan the store: never call it on a request path.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SessionCounter {

	/**
	 * How many records are stored, expired ones not yet cleaned up included.
	 * @return the number of records
	 * @throws SessionStoreException if the store cannot be reached or fails
	 */
	long count();

}
