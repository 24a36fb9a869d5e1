package io.github.mcpsessions.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.testing.EventStoreContract;

/** The Redis Streams event store on a real Redis. */
class RedisEventStoreTest extends EventStoreContract {

	private final String prefix = TestRedis.newPrefix();

	private final RedisSessionRepository sessions = RedisSessionRepository.builder()
		.uri(TestRedis.url())
		.keyPrefix(this.prefix + "s:")
		.build();

	@AfterEach
	void cleanUp() {
		this.sessions.close();
		TestRedis.deleteKeys(this.prefix);
	}

	@Override
	protected EventStore store() {
		return RedisEventStore.builder(this.sessions)
			.keyPrefix(this.prefix + "e:")
			.maxEventsPerStream(MAX_EVENTS_PER_STREAM)
			.build();
	}

	@Override
	protected boolean expiresEventsItself() {
		return true;
	}

	@Test
	void streamsExpireAfterTheirLastEvent() {
		EventStore store = RedisEventStore.builder(this.sessions)
			.keyPrefix(this.prefix + "e:")
			.eventTtl(Duration.ofMinutes(3))
			.build();
		String id = store.append("session-1", "stream0123456789abcdef", "x");

		long ttl = TestRedis.inspect(commands -> commands.pttl(this.prefix + "e:" + id.substring(0, id.lastIndexOf('_'))));

		assertThat(ttl).isBetween(Duration.ofMinutes(2).toMillis(), Duration.ofMinutes(3).toMillis());
	}

}
