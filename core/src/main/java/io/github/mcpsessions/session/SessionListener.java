package io.github.mcpsessions.session;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.repository.McpSessionRecord;

/**
 * Hears what happens to sessions, so metrics and audit logs plug in without touching the
 * transport. Methods run on request threads: keep them fast and do not block. Every method has an
 * empty default; an exception thrown by a listener is logged and ignored.
 *
 * @since 0.1.0
 */
public interface SessionListener {

	/** A client initialized a new session and its record was saved. */
	default void sessionCreated(McpSessionRecord record) {
	}

	/** A session this process did not hold was rebuilt from its record, under its original id. */
	default void sessionRestored(McpSessionRecord record) {
	}

	/** A request used a session (the store write behind it may be throttled). */
	default void sessionTouched(String sessionId) {
	}

	/** A request found its session expired; the record was deleted. */
	default void sessionExpired(String sessionId) {
	}

	/** A client ended its session with {@code DELETE}; the record was deleted. */
	default void sessionDeleted(String sessionId) {
	}

	/**
	 * A request for a session was refused.
	 * @param sessionId the id from the request, or {@code null} if it was malformed
	 */
	default void sessionRejected(String sessionId, SessionRejection reason) {
	}

	/** Calls each listener in order, isolating their failures. */
	static SessionListener composite(List<SessionListener> listeners) {
		return new CompositeSessionListener(List.copyOf(listeners));
	}

	/** Fans events out to several listeners; one that throws does not stop the others. */
	final class CompositeSessionListener implements SessionListener {

		private static final Logger logger = LoggerFactory.getLogger(CompositeSessionListener.class);

		private final List<SessionListener> listeners;

		private CompositeSessionListener(List<SessionListener> listeners) {
			this.listeners = listeners;
		}

		private void each(java.util.function.Consumer<SessionListener> event) {
			for (SessionListener listener : this.listeners) {
				try {
					event.accept(listener);
				}
				catch (RuntimeException ex) {
					logger.warn("Session listener {} failed: {}", listener.getClass().getName(), ex.toString());
				}
			}
		}

		@Override
		public void sessionCreated(McpSessionRecord record) {
			each(listener -> listener.sessionCreated(record));
		}

		@Override
		public void sessionRestored(McpSessionRecord record) {
			each(listener -> listener.sessionRestored(record));
		}

		@Override
		public void sessionTouched(String sessionId) {
			each(listener -> listener.sessionTouched(sessionId));
		}

		@Override
		public void sessionExpired(String sessionId) {
			each(listener -> listener.sessionExpired(sessionId));
		}

		@Override
		public void sessionDeleted(String sessionId) {
			each(listener -> listener.sessionDeleted(sessionId));
		}

		@Override
		public void sessionRejected(String sessionId, SessionRejection reason) {
			each(listener -> listener.sessionRejected(sessionId, reason));
		}

	}

}
