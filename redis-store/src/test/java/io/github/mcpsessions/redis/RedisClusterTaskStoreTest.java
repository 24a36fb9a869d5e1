package io.github.mcpsessions.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import io.github.mcpsessions.tasks.TaskStore;
import io.github.mcpsessions.testing.TaskStoreContract;

/** The task store contract on a real three-node Redis Cluster: every command and script touches one key. */
class RedisClusterTaskStoreTest extends TaskStoreContract {

	private static Path folder;

	private static LocalRedisCluster cluster;

	private final RedisSessionRepository sessions = RedisSessionRepository.builder()
		.uri(cluster.uri())
		.cluster(true)
		.keyPrefix(TestRedis.newPrefix())
		.build();

	private final RedisTaskStore store = RedisTaskStore.builder(this.sessions).keyPrefix(TestRedis.newPrefix()).build();

	@BeforeAll
	static void startCluster() throws Exception {
		folder = Files.createTempDirectory("mcp-sessions-redis-cluster-tasks");
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
	void closeSessions() {
		this.sessions.close();
	}

	@Override
	protected TaskStore store() {
		return this.store;
	}

	@Override
	protected boolean expiresTasksItself() {
		return true;
	}

	@Override
	protected Instant keptUntil(String taskId) {
		return Instant.ofEpochMilli(this.sessions.connection().commands().pexpiretime(this.store.key(taskId)));
	}

}
