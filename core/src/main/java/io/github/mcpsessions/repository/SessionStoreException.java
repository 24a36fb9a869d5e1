package io.github.mcpsessions.repository;

/**
 * A session store could not be reached or failed. The session it was asked about is not lost:
 * the HTTP layer answers 503 with {@code Retry-After} and the client retries.
 *
 * @since 0.1.0
 */
public class SessionStoreException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public SessionStoreException(String message, Throwable cause) {
		super(message, cause);
	}

	public SessionStoreException(String message) {
		super(message);
	}

}
