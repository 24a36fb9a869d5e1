package io.github.mcpsessions.internal.cache;

import java.time.Duration;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.testing.SessionRepositoryContract;

/** The cache keeps every promise of the store behind it (touches throttled to zero interval here). */
class CachingSessionRepositoryContractTest extends SessionRepositoryContract {

	private final CachingSessionRepository repository = CachingSessionRepository
		.builder(new InMemorySessionRepository())
		.touchInterval(Duration.ZERO)
		.build();

	@Override
	protected SessionRepository repository() {
		return this.repository;
	}

}
