package io.github.mcpsessions.spring;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.transport.SessionPersistenceAdapter;

/**
 * Actuator health of MCP sessions: {@code UP} with the sessions stored and held here, or
 * {@code DEGRADED} while the store does not answer. Not {@code DOWN}: the instance still serves the
 * sessions it holds and answers the others 503 with {@code Retry-After}, so it should stay in its load
 * balancer's rotation ({@code DEGRADED} maps to HTTP 200). {@code OUT_OF_SERVICE} (HTTP 503) once a
 * graceful stop began, so load balancers stop routing here while requests are still served.
 *
 * @since 0.1.0
 */
public class McpSessionsHealthIndicator implements HealthIndicator {

	private final SessionRepository repository;

	private final SessionPersistenceAdapter adapter;

	/** Reports on {@code repository} and the sessions {@code adapter} holds. */
	public McpSessionsHealthIndicator(SessionRepository repository, SessionPersistenceAdapter adapter) {
		this.repository = repository;
		this.adapter = adapter;
	}

	@Override
	public Health health() {
		if (this.adapter.isDraining()) {
			return Health.outOfService().withDetail("draining", true).build();
		}
		Health.Builder health;
		try {
			long stored = this.repository.count();
			health = Health.up().withDetail("stored", stored);
		}
		catch (RuntimeException ex) {
			health = Health.status("DEGRADED").withDetail("storeError", String.valueOf(ex.getMessage()));
		}
		return health.withDetail("store", this.repository.toString())
			.withDetail("heldInThisProcess", this.adapter.heldSessionCount())
			.build();
	}

}
