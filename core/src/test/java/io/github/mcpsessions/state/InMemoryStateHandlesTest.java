package io.github.mcpsessions.state;

import io.github.mcpsessions.testing.StateHandlesContract;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionRepository;

class InMemoryStateHandlesTest extends StateHandlesContract {

	@Override
	protected SessionRepository handleStore() {
		return new InMemorySessionRepository();
	}

}
