package io.github.mcpsessions.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import javax.sql.DataSource;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.SqlStatements;

import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.internal.SettingChecks;
import io.github.mcpsessions.internal.startup.BackgroundStart;
import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.repository.UnreadableRecordException;
import io.github.mcpsessions.tasks.TaskRecord;
import io.github.mcpsessions.tasks.TaskStatus;
import io.github.mcpsessions.tasks.TaskStore;

/**
 * A {@link TaskStore} in a table of PostgreSQL, H2 or MariaDB/MySQL, so that tasks are answered on
 * any replica and outlive the replica that runs them. Give it the session store's pool
 * ({@link JdbcSessionRepository#dataSource()}); its table ({@code mcp_task} by default) holds one
 * row per task, its JSON parts as text, indexed by expiry. A create is one committed
 * {@code INSERT}; a change is one {@code UPDATE ... WHERE task_id = ? AND version = ?}.
 *
 * <pre>{@code
 * TaskStore tasks = JdbcTaskStore.builder(sessions.dataSource()).createSchemaIfMissing(true).build();
 * }</pre>
 *
 * <p>Times are kept to the millisecond. Database failures are thrown as {@link SessionStoreException},
 * rows this library did not write as {@link UnreadableRecordException}. Thread-safe.
 *
 * @since 0.1.0
 */
public final class JdbcTaskStore implements TaskStore {

	private static final String COLUMNS = "task_id, owner, tool_name, params, status, status_message, created_at, "
			+ "last_updated_at, expires_at, ttl_ms, poll_interval_ms, result, error, input_requests, input_responses, "
			+ "cancel_requested, runner, lease_until, version";

	private volatile BackgroundStart start;

	private final Jdbi jdbi;

	private final String table;

	private final SqlDialect dialect;

	private final String insert;

	private final String update;

	private JdbcTaskStore(Builder builder, SqlDialect dialect) {
		this.jdbi = Jdbi.create(builder.dataSource);
		this.jdbi.getConfig(SqlStatements.class)
			.setQueryTimeout((int) Math.max(1, (builder.queryTimeout.toMillis() + 999) / 1000));
		this.table = builder.tableName;
		this.dialect = dialect;
		this.insert = "INSERT INTO " + this.table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
		this.update = "UPDATE " + this.table + " SET owner = ?, tool_name = ?, params = ?, status = ?, status_message = ?, "
				+ "created_at = ?, last_updated_at = ?, expires_at = ?, ttl_ms = ?, poll_interval_ms = ?, result = ?, "
				+ "error = ?, input_requests = ?, input_responses = ?, cancel_requested = ?, runner = ?, lease_until = ?, "
				+ "version = ? WHERE task_id = ? AND version = ?";
	}

	/** Starts a store on {@code dataSource}, typically the session store's pool. */
	public static Builder builder(DataSource dataSource) {
		return new Builder(dataSource);
	}

	@Override
	public boolean create(TaskRecord task) {
		Objects.requireNonNull(task, "task");
		try {
			return this.jdbi.withHandle(handle -> {
				var statement = handle.createUpdate(this.insert).bind(0, task.id());
				bindParts(statement, task, 1);
				return statement.bind(18, task.version()).execute() == 1;
			});
		}
		catch (JdbiException ex) {
			if (isDuplicateKey(ex)) {
				return false;
			}
			throw failure("create a task", ex);
		}
	}

	@Override
	public Optional<TaskRecord> find(String taskId) {
		if (taskId == null || taskId.isEmpty() || taskId.length() > TaskRecord.MAX_ID_LENGTH) {
			return Optional.empty();
		}
		return call("read a task", handle -> handle
			.createQuery("SELECT " + COLUMNS + " FROM " + this.table + " WHERE task_id = ?")
			.bind(0, taskId)
			.map((rs, ctx) -> read(rs))
			.findOne());
	}

	@Override
	public boolean replace(TaskRecord current, TaskRecord next) {
		TaskStore.checkReplacement(current, next);
		return call("change a task", handle -> {
			var statement = handle.createUpdate(this.update);
			bindParts(statement, next, 0);
			return statement.bind(17, next.version())
				.bind(18, next.id())
				.bind(19, current.version())
				.execute() == 1;
		});
	}

	@Override
	public int deleteExpired(Instant now, int limit) {
		String sql = this.dialect == SqlDialect.MARIADB
				? "DELETE FROM " + this.table + " WHERE expires_at < ? LIMIT ?"
				: "DELETE FROM " + this.table + " WHERE task_id IN (SELECT task_id FROM " + this.table
						+ " WHERE expires_at < ? LIMIT ?)";
		return call("delete expired tasks", handle -> handle.createUpdate(sql)
			.bind(0, SessionTable.timestamp(this.dialect, now))
			.bind(1, limit)
			.execute());
	}

	/** Binds every part but the id and the version, from position {@code first} on (17 parameters). */
	private void bindParts(SqlStatement<?> statement, TaskRecord task, int first) {
		int i = first;
		statement.bind(i++, task.owner())
			.bind(i++, task.toolName())
			.bind(i++, task.params())
			.bind(i++, task.status().wireName())
			.bind(i++, task.statusMessage())
			.bind(i++, SessionTable.timestamp(this.dialect, task.createdAt()))
			.bind(i++, SessionTable.timestamp(this.dialect, task.lastUpdatedAt()))
			.bind(i++, SessionTable.timestamp(this.dialect, task.expiresAt()))
			.bind(i++, task.ttl().toMillis())
			.bind(i++, task.pollInterval().toMillis())
			.bind(i++, task.result())
			.bind(i++, task.error())
			.bind(i++, task.inputRequests())
			.bind(i++, task.inputResponses())
			.bind(i++, task.cancelRequested())
			.bind(i++, task.runner());
		if (task.leaseUntil() == null) {
			statement.bindNull(i, Types.TIMESTAMP);
		}
		else {
			statement.bind(i, SessionTable.timestamp(this.dialect, task.leaseUntil()));
		}
	}

	private TaskRecord read(ResultSet rs) throws SQLException {
		String id = rs.getString("task_id");
		try {
			return new TaskRecord(id, rs.getString("owner"), rs.getString("tool_name"), rs.getString("params"),
					TaskStatus.fromWireName(rs.getString("status")), rs.getString("status_message"),
					SessionTable.readTimestamp(this.dialect, rs, "created_at"),
					SessionTable.readTimestamp(this.dialect, rs, "last_updated_at"), Duration.ofMillis(rs.getLong("ttl_ms")),
					Duration.ofMillis(rs.getLong("poll_interval_ms")), rs.getString("result"), rs.getString("error"),
					rs.getString("input_requests"), rs.getString("input_responses"), rs.getBoolean("cancel_requested"),
					rs.getString("runner"), SessionTable.readTimestamp(this.dialect, rs, "lease_until"),
					rs.getLong("version"));
		}
		catch (RuntimeException ex) {
			throw new UnreadableRecordException(id, "task row: " + ex.getMessage(), ex);
		}
	}

	private static boolean isDuplicateKey(JdbiException ex) {
		for (Throwable cause = ex; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
				return true;
			}
		}
		return false;
	}

	private <T> T call(String action, Function<Handle, T> work) {
		try {
			return this.jdbi.withHandle(work::apply);
		}
		catch (JdbiException ex) {
			throw failure(action, ex);
		}
	}

	private RuntimeException failure(String action, JdbiException ex) {
		for (Throwable cause = ex; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
			if (cause instanceof UnreadableRecordException unreadable) {
				return unreadable;
			}
		}
		return new SessionStoreException(
				"Could not " + action + " in " + this.table + ": " + JdbcSessionRepository.rootMessage(ex), ex);
	}

	@Override
	public String toString() {
		return "JdbcTaskStore[" + this.table + "]";
	}

	/** Ready once the database answered and the table exists (created in the background, if asked). */
	@Override
	public Readiness readiness() {
		return this.start.readiness();
	}

	private static String createTable(SqlDialect dialect, String table) {
		String index = "CREATE INDEX IF NOT EXISTS " + table.replace('.', '_') + "_expires_at ON " + table + " (expires_at)";
		return switch (dialect) {
			case POSTGRESQL -> "CREATE TABLE IF NOT EXISTS " + table + " (task_id VARCHAR(64) PRIMARY KEY, owner TEXT, "
					+ "tool_name TEXT NOT NULL, params TEXT NOT NULL, status VARCHAR(16) NOT NULL, status_message TEXT, "
					+ "created_at TIMESTAMPTZ NOT NULL, last_updated_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL, "
					+ "ttl_ms BIGINT NOT NULL, poll_interval_ms BIGINT NOT NULL, result TEXT, error TEXT, input_requests TEXT, "
					+ "input_responses TEXT, cancel_requested BOOLEAN NOT NULL, runner TEXT, lease_until TIMESTAMPTZ, "
					+ "version BIGINT NOT NULL);" + index;
			case H2 -> "CREATE TABLE IF NOT EXISTS " + table + " (task_id VARCHAR(64) PRIMARY KEY, "
					+ "owner CHARACTER LARGE OBJECT, tool_name CHARACTER LARGE OBJECT NOT NULL, "
					+ "params CHARACTER LARGE OBJECT NOT NULL, status VARCHAR(16) NOT NULL, status_message CHARACTER LARGE OBJECT, "
					+ "created_at TIMESTAMP WITH TIME ZONE NOT NULL, last_updated_at TIMESTAMP WITH TIME ZONE NOT NULL, "
					+ "expires_at TIMESTAMP WITH TIME ZONE NOT NULL, ttl_ms BIGINT NOT NULL, poll_interval_ms BIGINT NOT NULL, "
					+ "result CHARACTER LARGE OBJECT, error CHARACTER LARGE OBJECT, input_requests CHARACTER LARGE OBJECT, "
					+ "input_responses CHARACTER LARGE OBJECT, cancel_requested BOOLEAN NOT NULL, runner CHARACTER LARGE OBJECT, "
					+ "lease_until TIMESTAMP WITH TIME ZONE, version BIGINT NOT NULL);" + index;
			case MARIADB -> "CREATE TABLE IF NOT EXISTS " + table + " (task_id VARCHAR(64) CHARACTER SET ascii COLLATE "
					+ "ascii_bin NOT NULL PRIMARY KEY, owner TEXT, tool_name TEXT NOT NULL, params LONGTEXT NOT NULL, "
					+ "status VARCHAR(16) NOT NULL, status_message TEXT, created_at DATETIME(3) NOT NULL, "
					+ "last_updated_at DATETIME(3) NOT NULL, expires_at DATETIME(3) NOT NULL, ttl_ms BIGINT NOT NULL, "
					+ "poll_interval_ms BIGINT NOT NULL, result LONGTEXT, error LONGTEXT, input_requests LONGTEXT, "
					+ "input_responses LONGTEXT, cancel_requested BOOLEAN NOT NULL, runner TEXT, lease_until DATETIME(3), "
					+ "version BIGINT NOT NULL, INDEX by_expires_at (expires_at)) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 "
					+ "COLLATE = utf8mb4_bin";
		};
	}

	/**
	 * Configures a {@link JdbcTaskStore}. The table is {@code mcp_task} and is not created unless
	 * {@link #createSchemaIfMissing} is set; statements time out after 5 s.
	 */
	public static final class Builder {

		private final DataSource dataSource;

		private String tableName = "mcp_task";

		private SqlDialect dialect;

		private boolean createSchemaIfMissing;

		private Duration queryTimeout = Duration.ofSeconds(5);

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

		/** Creates the table and its index at {@link #build()} if they do not exist. */
		public Builder createSchemaIfMissing(boolean createSchemaIfMissing) {
			this.createSchemaIfMissing = createSchemaIfMissing;
			return this;
		}

		/** How long a statement may run before it fails (default 5 s, rounded up to whole seconds). */
		public Builder queryTimeout(Duration queryTimeout) {
			this.queryTimeout = SettingChecks.positive("queryTimeout", queryTimeout);
			return this;
		}

		/**
		 * Builds the store without waiting for the database: the table is checked (and created, if
		 * asked) on a thread of its own, retried with back-off until the database answers;
		 * {@code readiness()} says ready once it is.
		 * @throws SessionStoreException if the dialect had to be detected (a {@code DataSource} that does
		 * not tell its JDBC URL, no {@code dialect} set) and the database cannot be reached
		 */
		public JdbcTaskStore build() {
			SqlDialect resolved = this.dialect != null ? this.dialect : SqlDialect.detect(this.dataSource, "task");
			JdbcTaskStore store = new JdbcTaskStore(this, resolved);
			store.start = TableStart.begin(store.jdbi, "task", this.tableName,
					this.createSchemaIfMissing ? createTable(resolved, this.tableName) : null);
			return store;
		}

	}

}
