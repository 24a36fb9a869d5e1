package io.github.mcpsessions.events;

import io.github.mcpsessions.testing.EventStoreContract;

class InMemoryEventStoreTest extends EventStoreContract {

	@Override
	protected EventStore store() {
		return InMemoryEventStore.builder().maxEventsPerStream(MAX_EVENTS_PER_STREAM).clock(this.clock).build();
	}

}
