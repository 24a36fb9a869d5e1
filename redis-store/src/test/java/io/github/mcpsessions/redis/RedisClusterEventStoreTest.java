package io.github.mcpsessions.redis;


import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.testing.EventStoreContract;

/** The event store contract on a real three-node Redis Cluster: every command touches one key. */
class RedisClusterEventStoreTest extends EventStoreContract {

	@RegisterExtension
	static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

	private final RedisSessionRepository sessions = RedisSessionRepository.builder()
		.uri(CLUSTER.uri())
		.cluster(true)
		.keyPrefix(TestRedis.newPrefix())
		.build();

	@AfterEach
	void closeSessions() {
		this.sessions.close();
	}

	@Override
	protected EventStore store() {
		return RedisEventStore.builder(this.sessions)
			.keyPrefix(TestRedis.newPrefix())
			.maxEventsPerStream(MAX_EVENTS_PER_STREAM)
			.build();
	}

	@Override
	protected boolean expiresEventsItself() {
		return true;
	}

}
