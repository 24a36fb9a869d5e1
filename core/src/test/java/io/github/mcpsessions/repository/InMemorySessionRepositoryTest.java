package io.github.mcpsessions.repository;

import io.github.mcpsessions.testing.SessionRepositoryContract;

class InMemorySessionRepositoryTest extends SessionRepositoryContract {

	private final InMemorySessionRepository repository = new InMemorySessionRepository();

	@Override
	protected SessionRepository repository() {
		return this.repository;
	}

}
