package io.github.mcpsessions.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.internal.SettingChecks;
import io.github.mcpsessions.internal.batching.GroupedCalls;
import io.github.mcpsessions.internal.startup.BackgroundStart;
import io.github.mcpsessions.internal.startup.Startups;
import io.github.mcpsessions.repository.ExpiredSessionSweeper;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionCounter;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.repository.SessionsByOwner;
import io.github.mcpsessions.repository.SharedSecrets;
import io.github.mcpsessions.repository.UnreadableRecordException;

/**
 * A {@link SessionRepository} in one table of a relational database: PostgreSQL first, H2 for an
 * embedded store, MariaDB and MySQL too. Built on JDBI over either the application's own
 * {@link DataSource} or a small HikariCP pool made from a JDBC URL.
 *
 * <p>Every statement is short and parameterized, and holds a connection only while it runs. A
 * save is one upsert, a touch one {@code UPDATE}; attribute changes are merged by the database in
 * one statement (H2: under a row lock), so replicas writing different names of one session lose
 * neither. Expired rows are deleted in batches that several replicas can run at once without
 * waiting on each other. Database failures are thrown as {@link SessionStoreException}.
 *
 * <p>Thread-safe. {@link #close()} closes the pool if this repository made it.
 *
 * @since 0.1.0
 */
public final class JdbcSessionRepository implements SessionRepository, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(JdbcSessionRepository.class);

	private final DataSource dataSource;

	private final boolean ownsDataSource;

	private final Jdbi jdbi;

	private final SessionTable table;

	private final AttributesJson json;

	private final SessionRowMapper rowMapper;

	private final int queryTimeoutSeconds;

	private final PositionalSql upsert;

	private final PositionalSql find;

	private final PositionalSql touch;

	private final GroupedCalls<Object[], Void> saves;

	private final GroupedCalls<String, Optional<McpSessionRecord>> finds;

	private volatile BackgroundStart start;

	private JdbcSessionRepository(DataSource dataSource, boolean ownsDataSource, SessionTable table,
			AttributesJson json, Duration queryTimeout) {
		this.dataSource = dataSource;
		this.ownsDataSource = ownsDataSource;
		this.table = table;
		this.json = json;
		this.rowMapper = new SessionRowMapper(table, json);
		this.queryTimeoutSeconds = (int) Math.max(1, (queryTimeout.toMillis() + 999) / 1000);
		this.jdbi = Jdbi.create(dataSource);
		this.jdbi.getConfig(SqlStatements.class)
			.setQueryTimeout(this.queryTimeoutSeconds)
			.setUnusedBindingAllowed(true);
		this.upsert = PositionalSql.of(table.upsert);
		if (!"id".equals(this.upsert.names().get(0))) {
			throw new IllegalStateException("the upsert must bind the id first: " + table.upsert);
		}
		this.find = PositionalSql.of(table.find);
		this.touch = PositionalSql.of(table.touch);
		this.saves = new GroupedCalls<>(this::writeRows, failure("save session"), JdbcSessionRepository::isRowProblem);
		this.finds = new GroupedCalls<>(this::findRows, failure("find session"), JdbcSessionRepository::isRowProblem);
	}

	/** Starts a repository; give it a {@link Builder#dataSource DataSource} or a {@link Builder#jdbcUrl JDBC URL}. */
	public static Builder builder() {
		return new Builder();
	}

	/** The connections this repository uses: the application's, or the pool it made. */
	public DataSource dataSource() {
		return this.dataSource;
	}

	/** The database dialect in use, given or detected. */
	public SqlDialect dialect() {
		return this.table.dialect();
	}

	/** The table sessions live in, as configured. */
	public String tableName() {
		return this.table.name();
	}

	/**
	 * Upserts the record. Saves that arrive while another is being written are written together
	 * after it, in one batch and one transaction (group commit); each returns once its row is
	 * committed.
	 */
	@Override
	public void save(McpSessionRecord record) {
		Objects.requireNonNull(record, "record");
		Object[] row = new Object[this.upsert.names().size()];
		for (int i = 0; i < row.length; i++) {
			row[i] = switch (this.upsert.names().get(i)) {
				case "id" -> record.id();
				case "formatVersion" -> record.formatVersion();
				case "protocolVersion" -> record.protocolVersion();
				case "clientInfo" -> record.clientInfoJson();
				case "clientCapabilities" -> record.clientCapabilitiesJson();
				case "owner" -> record.owner();
				case "createdAt" -> this.table.timestamp(record.createdAt());
				case "lastAccessedAt" -> this.table.timestamp(record.lastAccessedAt());
				case "expiresAt" -> this.table.timestamp(record.expiresAt());
				case "attributes" -> this.json.write(record.attributes());
				default -> throw new IllegalStateException("unknown parameter " + this.upsert.names().get(i));
			};
		}
		this.saves.call(row);
	}

	/**
	 * Writes rows in one statement (its {@code VALUES} row repeated) under autocommit: one round
	 * trip and one commit for the whole batch. A batch holds each id once, its latest save.
	 */
	private List<GroupedCalls.Outcome<Void>> writeRows(List<Object[]> rows) throws SQLException {
		List<Object[]> latest = latestPerId(rows);
		PositionalSql sql = latest.size() == 1 ? this.upsert : this.upsert.withRows(latest.size());
		Object[] values = latest.size() == 1 ? latest.get(0)
				: latest.stream().flatMap(Arrays::stream).toArray();
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = prepare(connection, sql)) {
			bind(statement, values);
			statement.executeUpdate();
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
		}
		return Collections.nCopies(rows.size(), GroupedCalls.Outcome.of(null));
	}

	/** The rows with each id's last one only (the id is the first value), in their order. */
	private static List<Object[]> latestPerId(List<Object[]> rows) {
		if (rows.size() == 1) {
			return rows;
		}
		Map<Object, Object[]> byId = new LinkedHashMap<>();
		for (Object[] row : rows) {
			byId.remove(row[0]);
			byId.put(row[0], row);
		}
		return List.copyOf(byId.values());
	}

	private PreparedStatement prepare(Connection connection, PositionalSql sql) throws SQLException {
		return prepare(connection, sql.sql());
	}

	private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
		PreparedStatement statement = connection.prepareStatement(sql);
		statement.setQueryTimeout(this.queryTimeoutSeconds);
		return statement;
	}

	private static void bind(PreparedStatement statement, Object... values) throws SQLException {
		for (int i = 0; i < values.length; i++) {
			if (values[i] == null) {
				statement.setNull(i + 1, Types.NULL);
			}
			else {
				statement.setObject(i + 1, values[i]);
			}
		}
	}

	private Function<Exception, RuntimeException> failure(String action) {
		return ex -> ex instanceof RuntimeException runtime ? runtime
				: new SessionStoreException("Could not " + action + " in " + this.table + ": " + rootMessage(ex), ex);
	}

	/**
	 * Whether a batch failed for something one of its rows did, not for the database being out of
	 * reach (no connection, a broken one, a timeout): then its calls are run again one by one.
	 */
	static boolean isRowProblem(Exception ex) {
		if (!(ex instanceof SQLException)) {
			return false;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException || cause instanceof SQLTimeoutException
					|| (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
				return false;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return true;
	}

	/** Runs plain JDBC work on a pooled connection, as {@link #call} runs JDBI work. */
	private <T> T jdbc(String action, JdbcWork<T> work) {
		try (Connection connection = this.dataSource.getConnection()) {
			return work.run(connection);
		}
		catch (SQLException ex) {
			throw new SessionStoreException("Could not " + action + " in " + this.table + ": " + rootMessage(ex), ex);
		}
	}

	@FunctionalInterface
	private interface JdbcWork<T> {

		T run(Connection connection) throws SQLException;

	}

	private int write(Handle handle, String sql, McpSessionRecord record) {
		return handle.createUpdate(sql)
			.bind("id", record.id())
			.bind("formatVersion", record.formatVersion())
			.bind("protocolVersion", record.protocolVersion())
			.bind("clientInfo", record.clientInfoJson())
			.bind("clientCapabilities", record.clientCapabilitiesJson())
			.bind("owner", record.owner())
			.bind("createdAt", this.table.timestamp(record.createdAt()))
			.bind("lastAccessedAt", this.table.timestamp(record.lastAccessedAt()))
			.bind("expiresAt", this.table.timestamp(record.expiresAt()))
			.bind("attributes", this.json.write(record.attributes()))
			.execute();
	}

	/**
	 * Secrets live in reserved rows of the session table ({@link SecretRecords}), so exactly the
	 * roles that may read sessions may read them; no schema change is needed.
	 */
	@Override
	public Optional<SharedSecrets> sharedSecrets() {
		return Optional.of((name, candidate) -> {
			McpSessionRecord offered = SecretRecords.record(name, candidate, Instant.now());
			Optional<McpSessionRecord> stored = findById(offered.id());
			if (stored.isEmpty()) {
				try {
					call("store a shared secret", handle -> write(handle, this.table.insert, offered));
				}
				catch (SessionStoreException ex) {
					logger.debug("Inserting shared secret {} failed; another replica may have won: {}", name, ex.getMessage());
				}
				stored = findById(offered.id());
			}
			return SecretRecords.secret(stored.orElseThrow(() -> new SessionStoreException(
					"Could not store shared secret '" + name + "' in " + this.table, null)));
		});
	}

	/**
	 * Reads the record. Reads that arrive while another is running are read together after it, in
	 * one {@code IN} query (a restore storm after a deploy reads many sessions at once).
	 */
	@Override
	public Optional<McpSessionRecord> findById(String id) {
		return this.finds.call(id);
	}

	/** One query for all ids; a row this library cannot read fails only the call for its id. */
	private List<GroupedCalls.Outcome<Optional<McpSessionRecord>>> findRows(List<String> ids) throws SQLException {
		List<String> distinct = ids.stream().distinct().toList();
		Map<String, GroupedCalls.Outcome<Optional<McpSessionRecord>>> found = new HashMap<>();
		String sql = distinct.size() == 1 ? this.find.sql()
				: this.table.findMany + "(" + String.join(", ", Collections.nCopies(distinct.size(), "?")) + ")";
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = prepare(connection, sql)) {
			for (int i = 0; i < distinct.size(); i++) {
				statement.setString(i + 1, distinct.get(i));
			}
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					String id = rows.getString("id");
					try {
						found.put(id, GroupedCalls.Outcome.of(Optional.of(this.rowMapper.map(rows, null))));
					}
					catch (UnreadableRecordException ex) {
						found.put(id, GroupedCalls.Outcome.failed(ex));
					}
				}
			}
		}
		return ids.stream().map(id -> found.getOrDefault(id, GroupedCalls.Outcome.of(Optional.empty()))).toList();
	}

	@Override
	public boolean touch(String id, Instant lastAccessedAt, Instant expiresAt) {
		Object[] values = new Object[this.touch.names().size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = switch (this.touch.names().get(i)) {
				case "id" -> id;
				case "lastAccessedAt" -> this.table.timestamp(lastAccessedAt);
				case "expiresAt" -> this.table.timestamp(expiresAt);
				default -> throw new IllegalStateException("unknown parameter " + this.touch.names().get(i));
			};
		}
		return jdbc("touch session", connection -> {
			try (PreparedStatement statement = prepare(connection, this.touch)) {
				bind(statement, values);
				return statement.executeUpdate() > 0;
			}
		});
	}

	@Override
	public boolean updateAttributes(String id, Map<String, String> changes) {
		if (this.table.mergeAttributes != null) {
			return call("update session attributes", handle -> handle.createUpdate(this.table.mergeAttributes)
				.bind("id", id)
				.bind("patch", this.json.write(changes))
				.execute()) > 0;
		}
		return call("update session attributes", handle -> handle.inTransaction(TransactionIsolationLevel.READ_COMMITTED,
				transaction -> mergeUnderRowLock(transaction, id, changes)));
	}

	private boolean mergeUnderRowLock(Handle handle, String id, Map<String, String> changes) {
		Optional<String> stored = handle.createQuery(this.table.lockAttributes)
			.bind("id", id)
			.mapTo(String.class)
			.findOne();
		if (stored.isEmpty()) {
			return false;
		}
		McpSessionRecord merged = McpSessionRecord.builder(id)
			.createdAt(Instant.EPOCH)
			.expiresAt(Instant.EPOCH)
			.attributes(this.json.read(stored.get()))
			.build()
			.withAttributeChanges(changes);
		handle.createUpdate(this.table.writeAttributes)
			.bind("id", id)
			.bind("attributes", this.json.write(merged.attributes()))
			.execute();
		return true;
	}

	@Override
	public boolean deleteById(String id) {
		return call("delete session", handle -> handle.createUpdate(this.table.delete).bind("id", id).execute()) > 0;
	}

	/** Deletes at most {@code limit} rows expired at or before {@code now}; see {@link ExpiredSessionSweeper}. */
	public int deleteExpired(Instant now, int limit) {
		if (this.table.deleteExpired != null) {
			return call("delete expired sessions", handle -> handle.createUpdate(this.table.deleteExpired)
				.bind("now", this.table.timestamp(now))
				.bind("limit", limit)
				.execute());
		}
		return call("delete expired sessions", handle -> handle.inTransaction(transaction -> {
			List<String> ids = transaction.createQuery(this.table.lockExpired)
				.bind("now", this.table.timestamp(now))
				.bind("limit", limit)
				.mapTo(String.class)
				.list();
			if (ids.isEmpty()) {
				return 0;
			}
			PreparedBatch batch = transaction.prepareBatch(this.table.delete);
			ids.forEach(id -> batch.bind("id", id).add());
			return Arrays.stream(batch.execute()).sum();
		}));
	}

	/** Counts the rows ({@code SELECT COUNT(*)}: a scan on PostgreSQL); see {@link SessionCounter}. */
	public long count() {
		return call("count sessions", handle -> handle.createQuery(this.table.count).mapTo(Long.class).one());
	}

	/** The ids of up to {@code limit} rows bound to {@code owner}, through the owner index; see {@link SessionsByOwner}. */
	public List<String> findIdsByOwner(String owner, int limit) {
		Objects.requireNonNull(owner, "owner");
		return call("find sessions by owner", handle -> handle.createQuery(this.table.idsByOwner)
			.bind("owner", owner)
			.setMaxRows(limit)
			.mapTo(String.class)
			.list());
	}

	@Override
	public Optional<SessionCounter> counter() {
		return Optional.of(this::count);
	}

	@Override
	public Optional<ExpiredSessionSweeper> expiredSessionSweeper() {
		return Optional.of(this::deleteExpired);
	}

	@Override
	public Optional<SessionsByOwner> sessionsByOwner() {
		return Optional.of(this::findIdsByOwner);
	}

	/** Closes the connection pool if this repository made it from a JDBC URL; a given DataSource is left open. */
	/** Ready once the database answered and the table exists (created in the background, if asked). */
	@Override
	public Readiness readiness() {
		return this.start.readiness();
	}

	/**
	 * Checks the table exists, creating it first if asked; run until it succeeds (see {@link BackgroundStart}).
	 */
	private void checkTable(boolean createSchema) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			// the database answers
		}
		if (createSchema) {
			SchemaScript.createIfMissing(this.jdbi, this.table);
		}
		else if (!SchemaScript.exists(this.jdbi, this.table)) {
			throw new IllegalStateException("the table does not exist: create it (see SqlDialect.schemaScript()) "
					+ "or set createSchemaIfMissing(true)");
		}
	}

	@Override
	public void close() {
		this.start.close();
		if (this.ownsDataSource && this.dataSource instanceof HikariDataSource pool) {
			pool.close();
		}
	}

	@Override
	public String toString() {
		return "JdbcSessionRepository[" + this.table + "]";
	}

	private <T> T call(String action, Function<Handle, T> work) {
		try {
			return this.jdbi.withHandle(work::apply);
		}
		catch (JdbiException ex) {
			throw new SessionStoreException("Could not " + action + " in " + this.table + ": " + rootMessage(ex), ex);
		}
	}

	/** The innermost cause's class and message, for store errors. */
	static String rootMessage(Throwable ex) {
		Throwable cause = Startups.rootCause(ex);
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

	/**
	 * Configures a {@link JdbcSessionRepository}. Give exactly one of {@link #dataSource} and
	 * {@link #jdbcUrl}. Pool defaults (URL only): at most 5 connections, 1 kept idle, 3 s to get a
	 * connection, pool name {@code mcp-sessions}. Statements time out after 5 s. The table is
	 * {@code mcp_session} and is not created unless {@link #createSchemaIfMissing} is set.
	 */
	public static final class Builder {

		private DataSource dataSource;

		private String jdbcUrl;

		private String username;

		private String password;

		private String poolName = "mcp-sessions";

		private int maximumPoolSize = 5;

		private Duration connectionTimeout = Duration.ofSeconds(3);

		private Duration queryTimeout = Duration.ofSeconds(5);

		private String tableName = SessionTable.DEFAULT_NAME;

		private SqlDialect dialect;

		private boolean createSchemaIfMissing;

		private McpJsonMapper jsonMapper;

		private Builder() {
		}

		/** Uses the application's own connections; this repository never closes them. */
		public Builder dataSource(DataSource dataSource) {
			this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
			return this;
		}

		/**
		 * Makes a HikariCP pool for this URL, e.g. {@code jdbc:postgresql://db:5432/app}, and takes
		 * the dialect from it; the pool is closed by {@link JdbcSessionRepository#close()}.
		 */
		public Builder jdbcUrl(String jdbcUrl) {
			if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
				throw new IllegalArgumentException("jdbcUrl must start with 'jdbc:', but was '" + jdbcUrl + "'");
			}
			this.jdbcUrl = jdbcUrl;
			return this;
		}

		/** Database user for the pool made from {@link #jdbcUrl}; the URL may carry it instead. */
		public Builder username(String username) {
			this.username = username;
			return this;
		}

		/** Password for the pool made from {@link #jdbcUrl}; the URL may carry it instead. */
		public Builder password(String password) {
			this.password = password;
			return this;
		}

		/** Name of the pool made from {@link #jdbcUrl}, shown in its logs and metrics (and, on PostgreSQL, as the connections' application name). */
		public Builder poolName(String poolName) {
			if (poolName == null || poolName.isBlank()) {
				throw new IllegalArgumentException("poolName must not be blank");
			}
			this.poolName = poolName;
			return this;
		}

		/** Most connections the pool made from {@link #jdbcUrl} opens; 1 to 10. */
		public Builder maximumPoolSize(int maximumPoolSize) {
			if (maximumPoolSize < 1 || maximumPoolSize > 10) {
				throw new IllegalArgumentException("maximumPoolSize must be 1 to 10 (session statements are short), but was "
						+ maximumPoolSize + "; give a DataSource of your own for a larger pool");
			}
			this.maximumPoolSize = maximumPoolSize;
			return this;
		}

		/** How long a call waits for a pooled connection before the store counts as unavailable; at least 250 ms. */
		public Builder connectionTimeout(Duration connectionTimeout) {
			SettingChecks.positive("connectionTimeout", connectionTimeout);
			if (connectionTimeout.toMillis() < 250) {
				throw new IllegalArgumentException("connectionTimeout must be at least 250 ms, but was " + connectionTimeout);
			}
			this.connectionTimeout = connectionTimeout;
			return this;
		}

		/** Longest a statement may run before it fails as a store error; rounded up to whole seconds. */
		public Builder queryTimeout(Duration queryTimeout) {
			this.queryTimeout = SettingChecks.positive("queryTimeout", queryTimeout);
			return this;
		}

		/** The session table, {@code mcp_session} by default; may be schema-qualified, never quoted. */
		public Builder tableName(String tableName) {
			this.tableName = SessionTable.checkName(tableName);
			return this;
		}

		/** The database dialect; detected from the connection if not set. */
		public Builder dialect(SqlDialect dialect) {
			this.dialect = Objects.requireNonNull(dialect, "dialect");
			return this;
		}

		/**
		 * Whether the repository creates the table and its index if they do not exist, from the
		 * script at {@link SqlDialect#schemaScript()}, as soon as the database answers (see
		 * {@link #build()}). Off by default: production schemas usually come from migrations.
		 */
		public Builder createSchemaIfMissing(boolean createSchemaIfMissing) {
			this.createSchemaIfMissing = createSchemaIfMissing;
			return this;
		}

		/** JSON mapper for attributes; the SDK's default if not set. */
		public Builder jsonMapper(McpJsonMapper jsonMapper) {
			this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
			return this;
		}

		/**
		 * Builds the repository without waiting for the database: the table is checked (and created,
		 * if asked) on a thread of its own, retried with back-off until the database answers, and
		 * {@link JdbcSessionRepository#readiness()} says ready once it is. It connects here only to
		 * detect the dialect of a given {@link DataSource} that does not tell its JDBC URL (set
		 * {@link #dialect} to skip that).
		 * @throws SessionStoreException if the dialect had to be detected and the database cannot be reached
		 */
		public JdbcSessionRepository build() {
			if ((this.dataSource == null) == (this.jdbcUrl == null)) {
				throw new IllegalStateException("Give exactly one of dataSource(...) and jdbcUrl(...)");
			}
			SqlDialect urlDialect = this.jdbcUrl == null || this.dialect != null ? this.dialect
					: SqlDialect.forJdbcUrl(this.jdbcUrl);
			DataSource source = this.dataSource != null ? this.dataSource : pool();
			try {
				SqlDialect resolved = urlDialect != null ? urlDialect : SqlDialect.detect(source, "session");
				SessionTable table = new SessionTable(resolved, this.tableName);
				JdbcSessionRepository repository = new JdbcSessionRepository(source, this.dataSource == null, table,
						new AttributesJson(this.jsonMapper != null ? this.jsonMapper : McpJsonDefaults.getMapper()),
						this.queryTimeout);
				boolean createSchema = this.createSchemaIfMissing;
				repository.start = BackgroundStart.begin(table.toString(), () -> repository.checkTable(createSchema));
				logger.info("Sessions are stored in {}", table);
				return repository;
			}
			catch (RuntimeException ex) {
				if (this.dataSource == null && source instanceof HikariDataSource pool) {
					pool.close();
				}
				throw ex;
			}
		}

		private HikariDataSource pool() {
			try {
				return ConnectionPools.create(this.jdbcUrl, this.username, this.password, this.poolName,
						this.maximumPoolSize, this.connectionTimeout, this.queryTimeout);
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException("Could not set up a connection pool for the session store: "
						+ rootMessage(ex) + " (is the JDBC driver for this database on the class path?)", ex);
			}
		}

	}

}
