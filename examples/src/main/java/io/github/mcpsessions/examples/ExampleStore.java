package io.github.mcpsessions.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.quartz.Scheduler;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.events.InMemoryEventStore;
import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.jdbc.JdbcEventStore;
import io.github.mcpsessions.jdbc.JdbcSessionRepository;
import io.github.mcpsessions.jdbc.JdbcTaskStore;
import io.github.mcpsessions.jdbc.PostgresSessionMessageBus;
import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.redis.RedisSessionMessageBus;
import io.github.mcpsessions.redis.RedisEventStore;
import io.github.mcpsessions.redis.RedisSessionRepository;
import io.github.mcpsessions.redis.RedisTaskStore;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.tasks.InMemoryTaskStore;
import io.github.mcpsessions.tasks.TaskStore;
import io.github.mcpsessions.tasks.quartz.QuartzSchedulers;

/**
 * The session store the options ask for, how to describe it on the console and in /health, and, for
 * stores replicas can share, the message bus they talk through.
 */
record ExampleStore(ExampleOptions.StoreKind kind, SessionRepository repository, String location,
		SessionMessageBus messageBus, SessionRepository stateRepository) implements AutoCloseable {

	static ExampleStore open(ExampleOptions options) {
		return switch (options.store()) {
			case H2 -> {
				try {
					Files.createDirectories(options.dataDir());
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Could not create the data folder " + options.dataDir(), ex);
				}
				// WRITE_DELAY=0: each commit reaches the file before the call returns, so even kill -9 loses nothing.
				String url = "jdbc:h2:file:" + options.dataDir().toAbsolutePath().normalize().resolve("mcp-sessions")
						+ ";WRITE_DELAY=0";
				JdbcSessionRepository sessions = JdbcSessionRepository.builder().jdbcUrl(url).createSchemaIfMissing(true).build();
				yield new ExampleStore(options.store(), sessions,
						"H2 files " + options.dataDir().toAbsolutePath().normalize().resolve("mcp-sessions.mv.db"), null,
						stateTable(sessions));
			}
			case POSTGRES -> {
				JdbcSessionRepository sessions = JdbcSessionRepository.builder()
					.jdbcUrl(options.jdbcUrl())
					.createSchemaIfMissing(true)
					.build();
				yield new ExampleStore(options.store(), sessions,
						"PostgreSQL " + withoutSecrets(options.jdbcUrl()) + ", tables mcp_session and mcp_state",
						PostgresSessionMessageBus.builder().jdbcUrl(options.jdbcUrl()).build(),
						stateTable(sessions));
			}
			case REDIS -> new ExampleStore(options.store(), RedisSessionRepository.builder().uri(options.redisUrl()).build(),
					"Redis " + withoutSecrets(options.redisUrl()) + ", keys mcp:session:* and mcp:state:*",
					RedisSessionMessageBus.create(options.redisUrl()),
					RedisSessionRepository.builder().uri(options.redisUrl()).keyPrefix("mcp:state:").build());
			case MEMORY -> new ExampleStore(options.store(), new InMemorySessionRepository(),
					"memory of this process (sessions do NOT survive a restart)", null, new InMemorySessionRepository());
		};
	}

	/** Where the events of SSE streams are kept for resumption (Last-Event-ID): beside the sessions. */
	EventStore eventStore() {
		return switch (this.kind) {
			case H2, POSTGRES -> JdbcEventStore.builder(((JdbcSessionRepository) this.repository).dataSource())
				.createSchemaIfMissing(true)
				.build();
			case REDIS -> RedisEventStore.builder((RedisSessionRepository) this.repository).build();
			case MEMORY -> new InMemoryEventStore();
		};
	}

	/** Where durable tasks are kept: beside the sessions. */
	TaskStore taskStore() {
		return switch (this.kind) {
			case H2, POSTGRES -> JdbcTaskStore.builder(((JdbcSessionRepository) this.repository).dataSource())
				.createSchemaIfMissing(true)
				.build();
			case REDIS -> RedisTaskStore.builder((RedisSessionRepository) this.repository).build();
			case MEMORY -> new InMemoryTaskStore();
		};
	}

	/**
	 * A Quartz scheduler clustered over the sessions' PostgreSQL, for tasks that any replica may run;
	 * not started (see {@link #startQuartz}).
	 */
	Scheduler quartzScheduler() {
		return QuartzSchedulers.clustered(quartzDataSource(), "mcp-sessions-example", 8, 1_000);
	}

	/** Creates the tables {@code qrtz_*} from Quartz's own script when missing and starts it, once the database answers. */
	Supplier<Readiness> startQuartz(Scheduler quartz) {
		return QuartzSchedulers.startInBackground(quartz, quartzDataSource(), true);
	}

	private DataSource quartzDataSource() {
		return ((JdbcSessionRepository) this.repository).dataSource();
	}

	/** State handles live in a table of their own, on the sessions' connection pool. */
	private static JdbcSessionRepository stateTable(JdbcSessionRepository sessions) {
		return JdbcSessionRepository.builder()
			.dataSource(sessions.dataSource())
			.tableName("mcp_state")
			.createSchemaIfMissing(true)
			.build();
	}

	/** A URL fit for a console: passwords replaced by {@code ***}. */
	static String withoutSecrets(String url) {
		return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("(//[^/@:]*:)[^@/]*@", "$1***@");
	}

	@Override
	public void close() {
		if (this.messageBus != null) {
			this.messageBus.close();
		}
		for (SessionRepository store : new SessionRepository[] { this.stateRepository, this.repository }) {
			if (store instanceof AutoCloseable closeable) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// shutting down anyway
				}
			}
		}
	}

}
