package io.github.mcpsessions.repository;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link SessionRepository} in a {@link ConcurrentHashMap}: for tests and single-process servers
 * that want restore after the SDK's sweeper evicts a session, but not across restarts.
 *
 * @since 0.1.0
 */
public final class InMemorySessionRepository implements SessionRepository {

	private final ConcurrentHashMap<String, McpSessionRecord> records = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, byte[]> secrets = new ConcurrentHashMap<>();

	@Override
	public void save(McpSessionRecord record) {
		Objects.requireNonNull(record, "record");
		this.records.put(record.id(), record);
	}

	@Override
	public Optional<McpSessionRecord> findById(String id) {
		return Optional.ofNullable(this.records.get(id));
	}

	@Override
	public boolean touch(String id, Instant lastAccessedAt, Instant expiresAt) {
		return this.records.computeIfPresent(id, (key, record) -> record.withAccess(lastAccessedAt, expiresAt)) != null;
	}

	@Override
	public boolean updateAttributes(String id, Map<String, String> changes) {
		return this.records.computeIfPresent(id, (key, record) -> record.withAttributeChanges(changes)) != null;
	}

	@Override
	public boolean deleteById(String id) {
		return this.records.remove(id) != null;
	}

	/** Deletes at most {@code limit} records expired at or before {@code now}; see {@link ExpiredSessionSweeper}. */
	public int deleteExpired(Instant now, int limit) {
		int deleted = 0;
		Iterator<McpSessionRecord> iterator = this.records.values().iterator();
		while (deleted < limit && iterator.hasNext()) {
			McpSessionRecord record = iterator.next();
			if (record.isExpiredAt(now) && this.records.remove(record.id(), record)) {
				deleted++;
			}
		}
		return deleted;
	}

	/** How many records this map holds. */
	public long count() {
		return this.records.size();
	}

	/** The ids of up to {@code limit} records bound to {@code owner}. */
	public List<String> findIdsByOwner(String owner, int limit) {
		Objects.requireNonNull(owner, "owner");
		return this.records.values().stream().filter(record -> owner.equals(record.owner())).limit(limit)
			.map(McpSessionRecord::id).toList();
	}

	@Override
	public Optional<SessionCounter> counter() {
		return Optional.of(this::count);
	}

	@Override
	public Optional<ExpiredSessionSweeper> expiredSessionSweeper() {
		return Optional.of(this::deleteExpired);
	}

	@Override
	public Optional<SessionsByOwner> sessionsByOwner() {
		return Optional.of(this::findIdsByOwner);
	}

	/** Secrets in this map: shared by everything in this process that uses this repository. */
	@Override
	public Optional<SharedSecrets> sharedSecrets() {
		return Optional.of((name, candidate) -> this.secrets.computeIfAbsent(name, key -> candidate.clone()).clone());
	}

}
