package io.github.mcpsessions.repository;

/**
 * Thrown by a {@link SessionRepository} for a stored record it reached but cannot read: a field
 * that is not what this library writes (hand-edited, truncated, or written by something else).
 * Unlike {@link SessionStoreException} it is not an outage: the caller treats the session as
 * absent (the client gets 404 and initializes again) and deletes the record, once.
 *
 * @since 0.1.0
 */
public class UnreadableRecordException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String id;

	/**
	 * @param id the id of the record that cannot be read
	 * @param problem what is wrong with it, without its content
	 */
	public UnreadableRecordException(String id, String problem, Throwable cause) {
		super("Stored record cannot be read: " + problem, cause);
		this.id = id;
	}

	/** The id of the unreadable record. */
	public String id() {
		return this.id;
	}

}
