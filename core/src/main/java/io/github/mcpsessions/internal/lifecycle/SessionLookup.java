package io.github.mcpsessions.internal.lifecycle;

import java.util.Objects;

import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.session.SessionRejection;

/**
 * The answer to "may this request use session X?": either the session's record, or why not.
 *
 * @param record the record when found, else {@code null}
 * @param rejection why the request is refused, else {@code null}
 * @since 0.1.0
 */
public record SessionLookup(McpSessionRecord record, SessionRejection rejection) {

	public SessionLookup {
		if ((record == null) == (rejection == null)) {
			throw new IllegalArgumentException("exactly one of record and rejection must be set");
		}
	}

	static SessionLookup found(McpSessionRecord record) {
		return new SessionLookup(Objects.requireNonNull(record, "record"), null);
	}

	static SessionLookup rejected(SessionRejection rejection) {
		return new SessionLookup(null, rejection);
	}

	/** Whether the session may be served. */
	public boolean isFound() {
		return this.record != null;
	}

}
