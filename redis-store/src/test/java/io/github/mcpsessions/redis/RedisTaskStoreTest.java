package io.github.mcpsessions.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.UnreadableRecordException;
import io.github.mcpsessions.tasks.TaskRecord;
import io.github.mcpsessions.tasks.TaskStore;
import io.github.mcpsessions.testing.TaskStoreContract;

/** The task store contract on a real Redis. */
class RedisTaskStoreTest extends TaskStoreContract {

	private final String prefix = TestRedis.newPrefix();

	private final RedisSessionRepository sessions = RedisSessionRepository.builder()
		.uri(TestRedis.url())
		.keyPrefix(this.prefix + "s:")
		.build();

	private final RedisTaskStore store = RedisTaskStore.builder(this.sessions).keyPrefix(this.prefix + "t:").build();

	@AfterEach
	void cleanUp() {
		this.sessions.close();
		TestRedis.deleteKeys(this.prefix);
	}

	@Test
	void aHashThisLibraryDidNotWriteIsUnreadableNotUnknown() {
		TaskRecord task = task(newId());
		this.store.create(task);
		this.sessions.connection().commands().hset(this.store.key(task.id()), "createdAt", "yesterday");

		assertThatExceptionOfType(UnreadableRecordException.class).isThrownBy(() -> this.store.find(task.id()))
			.satisfies(ex -> assertThat(ex.id()).isEqualTo(task.id()));
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
