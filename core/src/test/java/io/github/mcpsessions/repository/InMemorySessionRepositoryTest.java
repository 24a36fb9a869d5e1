package io.github.mcpsessions.repository;

class InMemorySessionRepositoryTest extends SessionRepositoryContract {

	private final InMemorySessionRepository repository = new InMemorySessionRepository();

	@Override
	protected SessionRepository repository() {
		return this.repository;
	}

}
