package io.github.mcpsessions.spring;

import java.time.Duration;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.github.mcpsessions.adapter.SessionPersistenceAdapter;
import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.health.StoreProbe;
import io.github.mcpsessions.health.StoredSessionCount;
import io.github.mcpsessions.repository.SessionRepository;

/**
 * Actuator health of MCP sessions: {@code UP} with the sessions stored (as of the last background
 * count, never counted on a probe) and held here; {@code DOWN} (HTTP 503) with the reason while the
 * instance is not ready ({@link SessionPersistenceAdapter#readiness()}: it started while its store
 * was down and has not reached it yet, or its message bus has long been lost; MCP requests get 503
 * then too); {@code DEGRADED} while a store it reached before does not answer within a second. Not
 * {@code DOWN} then: the instance still serves the sessions it holds and answers the others 503 with
 * {@code Retry-After}, so it should stay in its load balancer's rotation ({@code DEGRADED} maps to
 * HTTP 200). {@code OUT_OF_SERVICE} (HTTP 503) once a graceful stop began, so load balancers stop
 * routing here while requests are still served. Add it to the readiness group
 * ({@code management.endpoint.health.group.readiness.include=readinessState,mcpSessions}) so a
 * Kubernetes readiness probe waits for the store.
 *
 * @since 0.1.0
 */
public class McpSessionsHealthIndicator implements HealthIndicator {

	private final SessionRepository repository;

	private final SessionPersistenceAdapter adapter;

	private final StoreProbe probe;

	private final StoredSessionCount stored;

	private final Supplier<Readiness> warmUp;

	/**
	 * Reports on {@code repository} (one primary-key read bounded by a second, whatever the number of
	 * sessions), the sessions {@code adapter} holds, and those {@code stored} last counted.
	 */
	public McpSessionsHealthIndicator(SessionRepository repository, SessionPersistenceAdapter adapter,
			StoredSessionCount stored) {
		this(repository, adapter, stored, () -> Readiness.READY);
	}

	/**
	 * Reports as {@link #McpSessionsHealthIndicator(SessionRepository, SessionPersistenceAdapter, StoredSessionCount)}
	 * does, and {@code DOWN} too while {@code warmUp} (a {@code ReplicaWarmup}'s readiness) is not ready.
	 */
	public McpSessionsHealthIndicator(SessionRepository repository, SessionPersistenceAdapter adapter,
			StoredSessionCount stored, Supplier<Readiness> warmUp) {
		this.warmUp = warmUp;
		this.repository = repository;
		this.adapter = adapter;
		this.stored = stored;
		this.probe = new StoreProbe(repository, Duration.ofSeconds(1));
	}

	@Override
	public Health health() {
		if (this.adapter.isDraining()) {
			return Health.outOfService().withDetail("draining", true).build();
		}
		Readiness readiness = Readiness.allOf(this.adapter.readiness(), this.warmUp.get());
		StoreProbe.Result probe = this.probe.probe();
		Health.Builder health = !readiness.ready() ? Health.down().withDetail("reason", readiness.reason())
				: probe.reachable() ? Health.up()
						: Health.status("DEGRADED").withDetail("storeError", String.valueOf(probe.error()));
		return health.withDetail("store", this.repository.toString())
			.withDetail("probeMillis", probe.took().toMillis())
			.withDetail("stored", this.stored.value())
			.withDetail("storedCountedAt", String.valueOf(this.stored.countedAt()))
			.withDetail("heldInThisProcess", this.adapter.heldSessionCount())
			.build();
	}

}
