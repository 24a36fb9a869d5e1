package io.github.mcpsessions.redis;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.github.mcpsessions.tasks.TaskStore;
import io.github.mcpsessions.testing.TaskStoreContract;

/** The task store contract on a real three-node Redis Cluster: every command and script touches one key. */
class RedisClusterTaskStoreTest extends TaskStoreContract {

	@RegisterExtension
	static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

	private final RedisSessionRepository sessions = RedisSessionRepository.builder()
		.uri(CLUSTER.uri())
		.cluster(true)
		.keyPrefix(TestRedis.newPrefix())
		.build();

	private final RedisTaskStore store = RedisTaskStore.builder(this.sessions).keyPrefix(TestRedis.newPrefix()).build();

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
