package io.github.mcpsessions.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.testing.SessionRepositoryContract;

/** The shared contract on a real three-node Redis Cluster: every command touches one key, so no slot is ever crossed. */
class RedisClusterSessionRepositoryTest extends SessionRepositoryContract {

	private static Path folder;

	private static LocalRedisCluster cluster;

	private final String prefix = TestRedis.newPrefix();

	private final RedisSessionRepository repository = RedisSessionRepository.builder()
		.uri(cluster.uri())
		.cluster(true)
		.keyPrefix(this.prefix)
		.build();

	@BeforeAll
	static void startCluster() throws Exception {
		folder = Files.createTempDirectory("mcp-sessions-redis-cluster");
		cluster = LocalRedisCluster.start(folder);
	}

	@AfterAll
	static void stopCluster() throws Exception {
		if (cluster != null) {
			cluster.close();
		}
		try (var files = Files.walk(folder)) {
			files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
	}

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
