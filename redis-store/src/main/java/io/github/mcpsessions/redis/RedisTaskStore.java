package io.github.mcpsessions.redis;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.lettuce.core.RedisException;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.repository.UnreadableRecordException;
import io.github.mcpsessions.tasks.TaskRecord;
import io.github.mcpsessions.tasks.TaskStore;

/**
 * A {@link TaskStore} in Redis, so that tasks are answered on any replica and outlive the replica
 * that runs them. Each task is one hash ({@code <prefix><taskId>}) that Redis itself deletes just
 * after the task expires, so {@link #deleteExpired} has nothing to do; a create and a
 * compare-and-set change are each one Lua script on that one key, so it works on Redis Cluster.
 * With Redis persistence off a task survives replicas but not a Redis restart; turn on AOF
 * ({@code appendfsync everysec} or {@code always}) where tasks must survive Redis too.
 *
 * <pre>{@code
 * TaskStore tasks = RedisTaskStore.builder(sessions).build();   // shares the session store's connection
 * }</pre>
 *
 * <p>Times are kept to the millisecond. Redis failures are thrown as {@link SessionStoreException},
 * hashes this library did not write as {@link UnreadableRecordException}. Thread-safe.
 *
 * @since 0.1.0
 */
public final class RedisTaskStore implements TaskStore {

	/** The default key prefix. */
	public static final String DEFAULT_KEY_PREFIX = "mcp:tasks:";

	private final RedisSessionConnection connection;

	private final RedisSessionRepository sessions;

	private final String keyPrefix;

	private final String description;

	private RedisTaskStore(Builder builder) {
		this.connection = builder.sessions.connection();
		this.sessions = builder.sessions;
		this.keyPrefix = builder.keyPrefix;
		this.description = builder.sessions.description().replaceAll(", keys .*", "") + ", keys " + builder.keyPrefix + "*";
	}

	/** Ready when the session repository it shares a connection with is. */
	@Override
	public Readiness readiness() {
		return this.sessions.readiness();
	}

	/** Starts a store on the connection of {@code sessions} (closed with it, not with this store). */
	public static Builder builder(RedisSessionRepository sessions) {
		return new Builder(sessions);
	}

	@Override
	public boolean create(TaskRecord task) {
		Objects.requireNonNull(task, "task");
		String[] arguments = arguments(task, null);
		return call("create a task", commands -> RedisScript.CREATE.run(commands, key(task.id()), arguments) == 1);
	}

	@Override
	public Optional<TaskRecord> find(String taskId) {
		if (taskId == null || taskId.isEmpty() || taskId.length() > TaskRecord.MAX_ID_LENGTH) {
			return Optional.empty();
		}
		return call("read a task", commands -> TaskHash.task(taskId, commands.hgetall(key(taskId))));
	}

	@Override
	public boolean replace(TaskRecord current, TaskRecord next) {
		TaskStore.checkReplacement(current, next);
		String[] arguments = arguments(next, Long.toString(current.version()));
		return call("change a task",
				commands -> RedisScript.REPLACE_IF_VERSION.run(commands, key(next.id()), arguments) == 1);
	}

	/** Nothing to do: Redis deletes a task's hash just after it expires. */
	@Override
	public int deleteExpired(Instant now, int limit) {
		return 0;
	}

	/** The key of a task's hash. */
	String key(String taskId) {
		return this.keyPrefix + taskId;
	}

	/** Expiry one millisecond after {@link TaskRecord#expiresAt()} (kept at it), the expected version if any, the fields. */
	private static String[] arguments(TaskRecord task, String expectedVersion) {
		String[] fields = TaskHash.fields(task);
		int head = expectedVersion == null ? 1 : 2;
		String[] arguments = new String[head + fields.length];
		arguments[0] = Long.toString(task.expiresAt().toEpochMilli() + 1);
		if (expectedVersion != null) {
			arguments[1] = expectedVersion;
		}
		System.arraycopy(fields, 0, arguments, head, fields.length);
		return arguments;
	}

	private <T> T call(String action, Function<RedisClusterCommands<String, String>, T> work) {
		try {
			return work.apply(this.connection.commands());
		}
		catch (RedisException ex) {
			throw new SessionStoreException("Could not " + action + " in " + this.description + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public String toString() {
		return "RedisTaskStore[" + this.description + "]";
	}

	/** Configures a {@link RedisTaskStore}. Default prefix {@code mcp:tasks:}. */
	public static final class Builder {

		private final RedisSessionRepository sessions;

		private String keyPrefix = DEFAULT_KEY_PREFIX;

		private Builder(RedisSessionRepository sessions) {
			this.sessions = Objects.requireNonNull(sessions, "sessions");
		}

		/** The prefix of this store's keys; keep it apart from the sessions' and events' prefixes. */
		public Builder keyPrefix(String keyPrefix) {
			if (keyPrefix == null || keyPrefix.isBlank()) {
				throw new IllegalArgumentException("keyPrefix must not be blank");
			}
			this.keyPrefix = keyPrefix;
			return this;
		}

		public RedisTaskStore build() {
			return new RedisTaskStore(this);
		}

	}

}
