package io.github.mcpsessions.redis;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;

import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.testing.StateHandlesContract;

/** State handles under a key prefix of their own on a real Redis. */
class RedisStateHandlesTest extends StateHandlesContract {

	private final String prefix = TestRedis.newPrefix().replace(":session:", ":state:");

	private final List<RedisSessionRepository> opened = new ArrayList<>();

	@AfterEach
	void cleanUp() {
		this.opened.forEach(RedisSessionRepository::close);
		TestRedis.deleteKeys(this.prefix);
	}

	@Override
	protected SessionRepository handleStore() {
		RedisSessionRepository store = RedisSessionRepository.builder().uri(TestRedis.url()).keyPrefix(this.prefix).build();
		this.opened.add(store);
		return store;
	}

}
