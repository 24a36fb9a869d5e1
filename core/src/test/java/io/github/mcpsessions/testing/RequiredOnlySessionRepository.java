package io.github.mcpsessions.testing;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionRepository;

/**
 * A store with the five required methods and none of the optional capabilities, as a minimal
 * third-party store would be. Tests extend it to give a store one behaviour of their own (its
 * readiness, failing secrets).
 */
public class RequiredOnlySessionRepository implements SessionRepository {

	private final InMemorySessionRepository delegate = new InMemorySessionRepository();

	/** The memory the required methods use. */
	protected final InMemorySessionRepository delegate() {
		return this.delegate;
	}

	@Override
	public void save(McpSessionRecord record) {
		this.delegate.save(record);
	}

	@Override
	public Optional<McpSessionRecord> findById(String id) {
		return this.delegate.findById(id);
	}

	@Override
	public boolean touch(String id, Instant lastAccessedAt, Instant expiresAt) {
		return this.delegate.touch(id, lastAccessedAt, expiresAt);
	}

	@Override
	public boolean updateAttributes(String id, Map<String, String> changes) {
		return this.delegate.updateAttributes(id, changes);
	}

	@Override
	public boolean deleteById(String id) {
		return this.delegate.deleteById(id);
	}

}
