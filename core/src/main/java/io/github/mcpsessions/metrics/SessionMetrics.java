package io.github.mcpsessions.metrics;

import java.util.Locale;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.github.mcpsessions.health.StoredSessionCount;
import io.github.mcpsessions.internal.cache.CachingSessionRepository;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.session.SessionListener;
import io.github.mcpsessions.session.SessionRejection;
import io.github.mcpsessions.adapter.SessionPersistenceAdapter;

/**
 * Session meters in a Micrometer registry: what an operator needs to see a deploy go wrong (a
 * spike of {@code mcp.sessions.rejected{reason=unknown}}) or a store falter
 * ({@code reason=store-unavailable}, {@code mcp.sessions.store.calls}).
 *
 * <pre>{@code
 * SessionMetrics metrics = new SessionMetrics(registry);
 * var provider = PersistentStreamableServletTransportProvider.builder(sdkProvider, metrics.timed(store))
 *         .listener(metrics)
 *         .build();
 * metrics.monitor(provider);
 * }</pre>
 *
 * <p>Meters: counter {@code mcp.sessions.events} (tag {@code event}: {@code created}, {@code restored},
 * {@code expired}, {@code deleted}) and counter {@code mcp.sessions.rejected} (tag {@code reason}: {@code malformed-id},
 * {@code unknown}, {@code expired}, {@code foreign-owner} answered 404; {@code store-unavailable}
 * answered 503); after {@link #monitor}, gauge {@code mcp.sessions.held} and counter
 * {@code mcp.sessions.cache.gets} (tag {@code result}: {@code hit}, {@code miss}); with
 * {@link #timed}, timer {@code mcp.sessions.store.calls} (tags {@code operation}, {@code outcome}).
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class SessionMetrics implements SessionListener {

	private final MeterRegistry registry;

	private final Counter created;

	private final Counter restored;

	private final Counter expired;

	private final Counter deleted;

	public SessionMetrics(MeterRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.created = event("created");
		this.restored = event("restored");
		this.expired = event("expired");
		this.deleted = event("deleted");
		for (SessionRejection reason : SessionRejection.values()) {
			rejections(reason);
		}
	}

	/** {@code store} with every call timed as {@code mcp.sessions.store.calls}; hand the result to the provider. */
	public SessionRepository timed(SessionRepository store) {
		return new TimedSessionRepository(store, this.registry);
	}

	/**
	 * Adds the gauges that need the built adapter (the decorated provider or a filter): sessions
	 * held in this process, and cache hits and misses.
	 */
	public void monitor(SessionPersistenceAdapter adapter) {
		IntSupplier heldSessions = adapter::heldSessionCount;
		Gauge.builder("mcp.sessions.held", heldSessions, IntSupplier::getAsInt)
			.description("Sessions held in this process")
			.strongReference(true)
			.register(this.registry);
		if (adapter.repository() instanceof CachingSessionRepository cache) {
			cacheGets(cache, "hit", c -> c.stats().hitCount());
			cacheGets(cache, "miss", c -> c.stats().missCount());
		}
	}

	/**
	 * Meters durable tasks (MCP tasks extension, SDK 2.2): {@code mcp.sessions.tasks.active} (running or
	 * waiting for input here) and {@code mcp.sessions.tasks} by {@code outcome} (inline, refused,
	 * created, completed, failed, cancelled), counted by this replica.
	 */
	public void monitor(io.github.mcpsessions.tasks.DurableTasks tasks) {
		Gauge.builder("mcp.sessions.tasks.active", tasks, io.github.mcpsessions.tasks.DurableTasks::activeTasks)
			.description("Tasks running on this replica or waiting here for the client's input")
			.register(this.registry);
		for (String outcome : new String[] { "inline", "refused", "created", "completed", "failed", "cancelled" }) {
			FunctionCounter.builder("mcp.sessions.tasks", tasks, counted -> counted.count(outcome))
				.tag("outcome", outcome)
				.description("Task-supporting calls and tasks by what became of them on this replica")
				.register(this.registry);
		}
	}

	/**
	 * Registers {@code mcp.sessions.stored}: the sessions in the store as of the last background count
	 * of {@code count} (an estimate up to one count interval old; -1 before the first count).
	 */
	public void monitor(StoredSessionCount count) {
		Gauge.builder("mcp.sessions.stored", count, StoredSessionCount::value)
			.description("Sessions in the store at the last background count (an estimate)")
			.strongReference(true)
			.register(this.registry);
	}

	@Override
	public void sessionCreated(McpSessionRecord record) {
		this.created.increment();
	}

	@Override
	public void sessionRestored(McpSessionRecord record) {
		this.restored.increment();
	}

	@Override
	public void sessionExpired(String sessionId) {
		this.expired.increment();
	}

	@Override
	public void sessionDeleted(String sessionId) {
		this.deleted.increment();
	}

	@Override
	public void sessionRejected(String sessionId, SessionRejection reason) {
		rejections(reason).increment();
	}

	private Counter rejections(SessionRejection reason) {
		return Counter.builder("mcp.sessions.rejected")
			.description("Requests refused: 404 for every reason but store-unavailable (503) and internal-error (500)")
			.tag("reason", reason.name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.register(this.registry);
	}

	private Counter event(String event) {
		return Counter.builder("mcp.sessions.events")
			.description("Sessions created by clients, restored from the store in this process, found expired, deleted by their client")
			.tag("event", event)
			.register(this.registry);
	}

	private void cacheGets(CachingSessionRepository cache, String result, ToDoubleFunction<CachingSessionRepository> count) {
		FunctionCounter.builder("mcp.sessions.cache.gets", cache, count)
			.description("Session lookups answered by the cache (hit) or the store (miss)")
			.tag("result", result)
			.register(this.registry);
	}

}
