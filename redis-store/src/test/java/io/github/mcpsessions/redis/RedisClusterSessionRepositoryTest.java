package io.github.mcpsessions.redis;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.testing.SessionRepositoryContract;

/** The shared contract on a real three-node Redis Cluster: every command touches one key, so no slot is ever crossed. */
class RedisClusterSessionRepositoryTest extends SessionRepositoryContract {

	@RegisterExtension
	static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

	private final String prefix = TestRedis.newPrefix();

	private final RedisSessionRepository repository = RedisSessionRepository.builder()
		.uri(CLUSTER.uri())
		.cluster(true)
		.keyPrefix(this.prefix)
		.build();

	@AfterEach
	void closeRepository() {
		this.repository.close();
	}

	@Override
	protected RedisSessionRepository repository() {
		return this.repository;
	}

	@Override
	protected boolean expiresRecordsItself() {
		return true;
	}

	@Test
	void countWalksEveryNode() {
		for (int i = 0; i < 300; i++) {
			repository().save(record(SessionIds.generate(), now().plusSeconds(600)));
		}

		assertThat(repository().count()).isEqualTo(300);
	}

}
