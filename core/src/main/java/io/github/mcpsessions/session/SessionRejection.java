package io.github.mcpsessions.session;

/**
 * Why a request for a session was not served. Every reason but {@link #STORE_UNAVAILABLE} is
 * answered with HTTP 404, so the client sends a new {@code initialize}.
 *
 * @since 0.1.0
 */
public enum SessionRejection {

	/** The {@code Mcp-Session-Id} header cannot be a session id; no store was asked. */
	MALFORMED_ID,

	/** No session has this id (never existed, deleted, or cleaned up after expiry). */
	UNKNOWN,

	/** The session existed but expired. */
	EXPIRED,

	/** The session belongs to another owner; answered exactly like {@link #UNKNOWN}. */
	FOREIGN_OWNER,

	/** The store could not be reached: answered 503 with {@code Retry-After}; nothing is lost. */
	STORE_UNAVAILABLE,

	/**
	 * The stored record cannot be read by this library (corrupt, or written by a newer release):
	 * answered as unknown, so the client initializes again.
	 */
	UNREADABLE_RECORD,

	/** The lookup failed for a reason that is neither the store nor the record (a bug): 500. */
	INTERNAL_ERROR

}
