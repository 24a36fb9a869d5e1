package io.github.mcpsessions.tasks;

import io.github.mcpsessions.testing.TaskStoreContract;

/** The task store contract in memory. */
class InMemoryTaskStoreTest extends TaskStoreContract {

	private final InMemoryTaskStore store = new InMemoryTaskStore();

	@Override
	protected TaskStore store() {
		return this.store;
	}

}
