package io.github.mcpsessions.testing;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.mcpsessions.repository.ExpiredSessionSweeper;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionCounter;
import io.github.mcpsessions.repository.SessionsByOwner;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.repository.SessionStoreException;

/** Counts calls per method on the repository it wraps, and can play a store that is down. */
public final class CountingSessionRepository implements SessionRepository {

	private final SessionRepository delegate;

	private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

	private final AtomicReference<String> outage = new AtomicReference<>();

	private final AtomicReference<RuntimeException> bug = new AtomicReference<>();

	public CountingSessionRepository(SessionRepository delegate) {
		this.delegate = delegate;
	}

	/** Calls to {@code method} so far. */
	public int calls(String method) {
		AtomicInteger count = this.calls.get(method);
		return count == null ? 0 : count.get();
	}

	public int totalCalls() {
		return this.calls.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	public void reset() {
		this.calls.clear();
	}

	/** From now on every call fails as an unreachable store would. */
	public void goDown() {
		this.outage.set("connection refused");
	}

	public void comeBack() {
		this.outage.set(null);
		this.bug.set(null);
	}

	/** From now on every call throws {@code failure}, as a bug below the store's own error handling would. */
	public void failWith(RuntimeException failure) {
		this.bug.set(failure);
	}

	private void count(String method) {
		this.calls.computeIfAbsent(method, key -> new AtomicInteger()).incrementAndGet();
		String reason = this.outage.get();
		if (reason != null) {
			throw new SessionStoreException("store unavailable: " + reason);
		}
		RuntimeException failure = this.bug.get();
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public void save(McpSessionRecord record) {
		count("save");
		this.delegate.save(record);
	}

	@Override
	public Optional<McpSessionRecord> findById(String id) {
		count("findById");
		return this.delegate.findById(id);
	}

	@Override
	public boolean touch(String id, Instant lastAccessedAt, Instant expiresAt) {
		count("touch");
		return this.delegate.touch(id, lastAccessedAt, expiresAt);
	}

	@Override
	public boolean updateAttributes(String id, Map<String, String> changes) {
		count("updateAttributes");
		return this.delegate.updateAttributes(id, changes);
	}

	@Override
	public boolean deleteById(String id) {
		count("deleteById");
		return this.delegate.deleteById(id);
	}

	@Override
	public Optional<ExpiredSessionSweeper> expiredSessionSweeper() {
		return this.delegate.expiredSessionSweeper().map(sweeper -> (now, limit) -> {
			count("deleteExpired");
			return sweeper.deleteExpired(now, limit);
		});
	}

	@Override
	public Optional<SessionCounter> counter() {
		return this.delegate.counter().map(counter -> () -> {
			count("count");
			return counter.count();
		});
	}

	@Override
	public Optional<SessionsByOwner> sessionsByOwner() {
		return this.delegate.sessionsByOwner().map(byOwner -> (owner, limit) -> {
			count("findIdsByOwner");
			return byOwner.findIdsByOwner(owner, limit);
		});
	}

}
