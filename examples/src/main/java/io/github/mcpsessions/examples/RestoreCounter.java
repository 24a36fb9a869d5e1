package io.github.mcpsessions.examples;

import java.util.concurrent.ConcurrentHashMap;

import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.session.SessionListener;

/** Counts, per session, how many times this process rebuilt it from the store; forgets ended sessions. */
final class RestoreCounter implements SessionListener {

	private final ConcurrentHashMap<String, Integer> restores = new ConcurrentHashMap<>();

	int count(String sessionId) {
		return this.restores.getOrDefault(sessionId, 0);
	}

	@Override
	public void sessionRestored(McpSessionRecord record) {
		this.restores.merge(record.id(), 1, Integer::sum);
	}

	@Override
	public void sessionExpired(String sessionId) {
		this.restores.remove(sessionId);
	}

	@Override
	public void sessionDeleted(String sessionId) {
		this.restores.remove(sessionId);
	}

}
