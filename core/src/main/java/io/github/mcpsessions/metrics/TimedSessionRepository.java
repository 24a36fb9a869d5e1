package io.github.mcpsessions.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.repository.ExpiredSessionSweeper;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionCounter;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.repository.SessionsByOwner;
import io.github.mcpsessions.repository.SharedSecrets;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * A store with every call timed as {@code mcp.sessions.store.calls}, tagged with the
 * {@code operation} and its {@code outcome} ({@code success} or {@code failure}). Obtain one from
 * {@link SessionMetrics#timed}.
 */
final class TimedSessionRepository implements SessionRepository {

	/** Histogram buckets: a few enough for p50/p99 per operation without a series explosion. */
	private static final Duration[] LATENCY_BUCKETS = { Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
			Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500),
			Duration.ofSeconds(1), Duration.ofSeconds(5) };

	private final SessionRepository delegate;

	private final MeterRegistry registry;

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	TimedSessionRepository(SessionRepository delegate, MeterRegistry registry) {
		this.delegate = delegate;
		this.registry = registry;
	}

	@Override
	public void save(McpSessionRecord record) {
		time("save", () -> {
			this.delegate.save(record);
			return null;
		});
	}

	@Override
	public Optional<McpSessionRecord> findById(String id) {
		return time("find", () -> this.delegate.findById(id));
	}

	@Override
	public boolean touch(String id, Instant lastAccessedAt, Instant expiresAt) {
		return time("touch", () -> this.delegate.touch(id, lastAccessedAt, expiresAt));
	}

	@Override
	public boolean updateAttributes(String id, Map<String, String> changes) {
		return time("update-attributes", () -> this.delegate.updateAttributes(id, changes));
	}

	@Override
	public boolean deleteById(String id) {
		return time("delete", () -> this.delegate.deleteById(id));
	}

	@Override
	public Optional<ExpiredSessionSweeper> expiredSessionSweeper() {
		return this.delegate.expiredSessionSweeper()
			.map(sweeper -> (now, limit) -> time("delete-expired", () -> sweeper.deleteExpired(now, limit)));
	}

	@Override
	public Optional<SessionCounter> counter() {
		return this.delegate.counter().map(counter -> () -> time("count", counter::count));
	}

	@Override
	public Optional<SessionsByOwner> sessionsByOwner() {
		return this.delegate.sessionsByOwner()
			.map(byOwner -> (owner, limit) -> time("find-by-owner", () -> byOwner.findIdsByOwner(owner, limit)));
	}

	@Override
	public Optional<SharedSecrets> sharedSecrets() {
		return this.delegate.sharedSecrets();
	}

	@Override
	public Readiness readiness() {
		return this.delegate.readiness();
	}

	private <T> T time(String operation, Supplier<T> call) {
		long start = System.nanoTime();
		String outcome = "failure";
		try {
			T result = call.get();
			outcome = "success";
			return result;
		}
		finally {
			timer(operation, outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
	}

	/** Built once per operation and outcome: a builder per call costs more than the store's cache hit. */
	private Timer timer(String operation, String outcome) {
		return this.timers.computeIfAbsent(operation + ' ' + outcome, key -> Timer.builder("mcp.sessions.store.calls")
			.description("Calls to the session store (the cache's misses and writes)")
			.tag("operation", operation)
			.tag("outcome", outcome)
			.serviceLevelObjectives(LATENCY_BUCKETS)
			.register(this.registry));
	}

	@Override
	public String toString() {
		return "Timed" + this.delegate;
	}

}
