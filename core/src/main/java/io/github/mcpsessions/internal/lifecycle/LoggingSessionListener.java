package io.github.mcpsessions.internal.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.session.SessionListener;
import io.github.mcpsessions.session.SessionRejection;

/**
 * Logs session events: a foreign owner or an unreachable store at WARN; created, restored,
 * expired and deleted at DEBUG, since one line per session at INFO is a measurable share of an
 * {@code initialize} and floods logs in a deploy's restore storm (their counts are metrics);
 * uses at TRACE. Ids are logged as their first 8 characters only.
 *
 * @since 0.1.0
 */
public final class LoggingSessionListener implements SessionListener {

	private static final Logger logger = LoggerFactory.getLogger("io.github.mcpsessions.sessions");

	@Override
	public void sessionCreated(McpSessionRecord record) {
		logger.debug("Session {} created (protocol {})", SessionIds.shortForm(record.id()), record.protocolVersion());
	}

	@Override
	public void sessionRestored(McpSessionRecord record) {
		logger.debug("Session {} restored from the store (created {})", SessionIds.shortForm(record.id()),
				record.createdAt());
	}

	@Override
	public void sessionTouched(String sessionId) {
		if (logger.isTraceEnabled()) {
			logger.trace("Session {} used", SessionIds.shortForm(sessionId));
		}
	}

	@Override
	public void sessionExpired(String sessionId) {
		logger.debug("Session {} expired", SessionIds.shortForm(sessionId));
	}

	@Override
	public void sessionDeleted(String sessionId) {
		logger.debug("Session {} deleted by the client", SessionIds.shortForm(sessionId));
	}

	@Override
	public void sessionRejected(String sessionId, SessionRejection reason) {
		switch (reason) {
			case FOREIGN_OWNER -> logger.warn("Session {} requested by another owner; answered as unknown",
					SessionIds.shortForm(sessionId));
			case STORE_UNAVAILABLE -> logger.warn("Session {} could not be looked up: the store is unavailable",
					SessionIds.shortForm(sessionId));
			default -> logger.debug("Session {} rejected: {}", SessionIds.shortForm(sessionId), reason);
		}
	}

}
