package io.github.mcpsessions.jdbc;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.internal.SettingChecks;
import io.github.mcpsessions.internal.batching.GroupedCalls;
import io.github.mcpsessions.internal.startup.BackgroundStart;
import io.github.mcpsessions.internal.streams.EventIds;
import io.github.mcpsessions.repository.SessionStoreException;

/**
 * An {@link EventStore} in a table of PostgreSQL, H2 or MariaDB/MySQL, so that SSE streams resume on
 * any replica and after any restart. Give it the session store's pool
 * ({@link JdbcSessionRepository#dataSource()}); its table ({@code mcp_event} by default) holds one row
 * per event, ordered by a database-generated sequence, indexed by stream, session and time.
 *
 * <pre>{@code
 * EventStore events = JdbcEventStore.builder(sessions.dataSource()).createSchemaIfMissing(true).build();
 * }</pre>
 *
 * <p>Database failures are thrown as {@link SessionStoreException}. Thread-safe.
 *
 * @since 0.1.0
 */
public final class JdbcEventStore implements EventStore {

	private volatile BackgroundStart start;

	private final Jdbi jdbi;

	private final String table;

	private final SqlDialect dialect;

	private final int maxEventsPerStream;

	private final Clock clock;

	private final String insert;

	private final String trim;

	private final GroupedCalls<Append, String> appends;

	/** How many events each stream appended through this store has (a stream is appended by one process). */
	private final Cache<String, Integer> streamSizes = Caffeine.newBuilder()
		.executor(Runnable::run)
		.expireAfterAccess(Duration.ofHours(1))
		.maximumSize(100_000)
		.build();

	private JdbcEventStore(Builder builder, SqlDialect dialect) {
		this.jdbi = Jdbi.create(builder.dataSource);
		this.table = builder.tableName;
		this.dialect = dialect;
		this.maxEventsPerStream = builder.maxEventsPerStream;
		this.clock = builder.clock;
		this.insert = "INSERT INTO " + this.table + " (stream_id, session_id, data, stored_at) VALUES (?, ?, ?, ?)";
		this.trim = "DELETE FROM " + this.table
				+ " WHERE stream_id = ? AND event_seq < (SELECT MIN(kept.event_seq) FROM (SELECT event_seq FROM "
				+ this.table + " WHERE stream_id = ? ORDER BY event_seq DESC LIMIT ?) kept)";
		this.appends = new GroupedCalls<>(this::writeEvents,
				ex -> ex instanceof SessionStoreException stored ? stored
						: new SessionStoreException(
								"Could not store an event in " + this.table + ": " + JdbcSessionRepository.rootMessage(ex), ex),
				ex -> ex.getCause() instanceof SQLException sql && JdbcSessionRepository.isRowProblem(sql));
	}

	/** Starts a store on {@code dataSource}, typically the session store's pool. */
	public static Builder builder(DataSource dataSource) {
		return new Builder(dataSource);
	}

	/**
	 * Stores an event. Events appended while others are being written are written together after
	 * them, in one transaction (group commit); each call returns once its row is committed. A
	 * stream over {@code maxEventsPerStream} loses its oldest events in the same transaction.
	 */
	@Override
	public String append(String sessionId, String streamId, String data) {
		Objects.requireNonNull(sessionId, "sessionId");
		Objects.requireNonNull(data, "data");
		EventIds.checkStreamId(streamId);
		return this.appends.call(new Append(sessionId, streamId, data));
	}

	private List<GroupedCalls.Outcome<String>> writeEvents(List<Append> appends) {
		Timestamp now = Timestamp.from(this.clock.instant());
		return this.jdbi.inTransaction(handle -> {
			List<GroupedCalls.Outcome<String>> ids = new ArrayList<>(appends.size());
			Set<String> overfull = new LinkedHashSet<>();
			for (Append append : appends) {
				long sequence = handle.createUpdate(this.insert)
					.bind(0, append.streamId())
					.bind(1, append.sessionId())
					.bind(2, append.data())
					.bind(3, now)
					.executeAndReturnGeneratedKeys("event_seq")
					.mapTo(Long.class)
					.one();
				ids.add(GroupedCalls.Outcome.of(EventIds.of(append.streamId(), sequence)));
				if (this.streamSizes.asMap().merge(append.streamId(), 1, Integer::sum) > this.maxEventsPerStream) {
					overfull.add(append.streamId());
				}
			}
			for (String streamId : overfull) {
				handle.createUpdate(this.trim).bind(0, streamId).bind(1, streamId).bind(2, this.maxEventsPerStream).execute();
			}
			return ids;
		});
	}

	private record Append(String sessionId, String streamId, String data) {
	}

	@Override
	public Optional<Replay> eventsAfter(String sessionId, String lastEventId, int limit) {
		EventIds.Parsed last = EventIds.parse(lastEventId);
		if (last == null || sessionId == null) {
			return Optional.empty();
		}
		return call("replay a stream", handle -> {
			Optional<String> owner = handle
				.createQuery("SELECT session_id FROM " + this.table + " WHERE stream_id = ? AND event_seq = ?")
				.bind(0, last.streamId())
				.bind(1, last.sequence())
				.mapTo(String.class)
				.findOne();
			if (owner.isEmpty() || !owner.get().equals(sessionId)) {
				return Optional.empty();
			}
			List<StoredEvent> after = handle
				.createQuery("SELECT event_seq, data FROM " + this.table
						+ " WHERE stream_id = ? AND event_seq > ? ORDER BY event_seq LIMIT ?")
				.bind(0, last.streamId())
				.bind(1, last.sequence())
				.bind(2, limit)
				.map((rs, ctx) -> new StoredEvent(EventIds.of(last.streamId(), rs.getLong(1)), rs.getString(2)))
				.list();
			return Optional.of(new Replay(last.streamId(), after));
		});
	}

	@Override
	public void deleteSession(String sessionId) {
		call("delete a session's events", handle -> handle
			.createUpdate("DELETE FROM " + this.table + " WHERE session_id = ?")
			.bind(0, sessionId)
			.execute());
	}

	@Override
	public int deleteOlderThan(Instant cutoff, int limit) {
		String sql = this.dialect == SqlDialect.MARIADB
				? "DELETE FROM " + this.table + " WHERE stored_at < ? LIMIT ?"
				: "DELETE FROM " + this.table + " WHERE event_seq IN (SELECT event_seq FROM " + this.table
						+ " WHERE stored_at < ? ORDER BY event_seq LIMIT ?)";
		return call("delete old events",
				handle -> handle.createUpdate(sql).bind(0, Timestamp.from(cutoff)).bind(1, limit).execute());
	}

	@Override
	public String toString() {
		return "JdbcEventStore[" + this.table + "]";
	}

	private <T> T call(String action, Function<Handle, T> work) {
		try {
			return this.jdbi.withHandle(work::apply);
		}
		catch (JdbiException ex) {
			throw new SessionStoreException(
					"Could not " + action + " in " + this.table + ": " + JdbcSessionRepository.rootMessage(ex), ex);
		}
	}

	/** Ready once the database answered and the table exists (created in the background, if asked). */
	@Override
	public Readiness readiness() {
		return this.start.readiness();
	}

	private static String createTable(SqlDialect dialect, String table) {
		String indexPrefix = table.replace('.', '_');
		String indexes = "CREATE INDEX IF NOT EXISTS " + indexPrefix + "_stream ON " + table + " (stream_id, event_seq);"
				+ "CREATE INDEX IF NOT EXISTS " + indexPrefix + "_session ON " + table + " (session_id);"
				+ "CREATE INDEX IF NOT EXISTS " + indexPrefix + "_stored_at ON " + table + " (stored_at)";
		return switch (dialect) {
			case POSTGRESQL -> "CREATE TABLE IF NOT EXISTS " + table + " (event_seq BIGSERIAL PRIMARY KEY, "
					+ "stream_id VARCHAR(64) NOT NULL, session_id VARCHAR(255) NOT NULL, data TEXT NOT NULL, "
					+ "stored_at TIMESTAMPTZ NOT NULL);" + indexes;
			case H2 -> "CREATE TABLE IF NOT EXISTS " + table + " (event_seq BIGINT GENERATED BY DEFAULT AS IDENTITY "
					+ "PRIMARY KEY, stream_id VARCHAR(64) NOT NULL, session_id VARCHAR(255) NOT NULL, "
					+ "data CHARACTER LARGE OBJECT NOT NULL, stored_at TIMESTAMP WITH TIME ZONE NOT NULL);" + indexes;
			case MARIADB -> "CREATE TABLE IF NOT EXISTS " + table + " (event_seq BIGINT AUTO_INCREMENT PRIMARY KEY, "
					+ "stream_id VARCHAR(64) NOT NULL, session_id VARCHAR(255) NOT NULL, data LONGTEXT NOT NULL, "
					+ "stored_at TIMESTAMP(6) NOT NULL, INDEX by_stream (stream_id, event_seq), INDEX by_session (session_id), "
					+ "INDEX by_stored_at (stored_at))";
		};
	}

	/**
	 * Configures a {@link JdbcEventStore}. The table is {@code mcp_event} and is not created unless
	 * {@link #createSchemaIfMissing} is set; a stream keeps at most 1,000 events.
	 */
	public static final class Builder {

		private final DataSource dataSource;

		private String tableName = "mcp_event";

		private SqlDialect dialect;

		private boolean createSchemaIfMissing;

		private int maxEventsPerStream = 1_000;

		private Clock clock = Clock.systemUTC();

		private Builder(DataSource dataSource) {
			this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
		}

		/** The table, optionally schema-qualified (an unquoted SQL identifier). */
		public Builder tableName(String tableName) {
			this.tableName = SessionTable.checkName(tableName);
			return this;
		}

		/** The database's dialect; detected from the connection when not set. */
		public Builder dialect(SqlDialect dialect) {
			this.dialect = Objects.requireNonNull(dialect, "dialect");
			return this;
		}

		/** Creates the table and its indexes at {@link #build()} if they do not exist. */
		public Builder createSchemaIfMissing(boolean createSchemaIfMissing) {
			this.createSchemaIfMissing = createSchemaIfMissing;
			return this;
		}

		/**
		 * How many events a stream keeps (default 1,000); older ones are deleted as new ones come
		 * (counted per stream by the process that appends it).
		 */
		public Builder maxEventsPerStream(int maxEventsPerStream) {
			this.maxEventsPerStream = (int) SettingChecks.atLeastOne("maxEventsPerStream", maxEventsPerStream);
			return this;
		}

		/** The clock events are stamped with (default UTC system clock); tests inject their own. */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Builds the store without waiting for the database: the table is checked (and created, if
		 * asked) on a thread of its own, retried with back-off until the database answers;
		 * {@code readiness()} says ready once it is.
		 * @throws SessionStoreException if the dialect had to be detected (a {@code DataSource} that does
		 * not tell its JDBC URL, no {@code dialect} set) and the database cannot be reached
		 */
		public JdbcEventStore build() {
			SqlDialect resolved = this.dialect != null ? this.dialect : SqlDialect.detect(this.dataSource, "event");
			JdbcEventStore store = new JdbcEventStore(this, resolved);
			store.start = TableStart.begin(store.jdbi, "event", this.tableName,
					this.createSchemaIfMissing ? createTable(resolved, this.tableName) : null);
			return store;
		}

	}

}
