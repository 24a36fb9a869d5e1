package io.github.mcpsessions.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * One session table in one dialect: its validated name, the SQL that reads and writes it, and how
 * its timestamp columns carry an {@link Instant}. The name is checked once here, so it is the only
 * text ever put into SQL; every value is a bind parameter.
 */
final class SessionTable {

	static final String DEFAULT_NAME = "mcp_session";

	private static final Pattern NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");

	private static final String COLUMNS = "id, format_version, protocol_version, client_info, client_capabilities, "
			+ "owner, created_at, last_accessed_at, expires_at, attributes";

	private static final String FIND = "SELECT " + COLUMNS + " FROM %TABLE% WHERE id = :id";

	private static final String FIND_MANY = "SELECT " + COLUMNS + " FROM %TABLE% WHERE id IN ";

	private static final String TOUCH = "UPDATE %TABLE% SET last_accessed_at = :lastAccessedAt, expires_at = :expiresAt WHERE id = :id";

	private static final String DELETE = "DELETE FROM %TABLE% WHERE id = :id";

	private static final String COUNT = "SELECT COUNT(*) FROM %TABLE%";

	private static final String IDS_BY_OWNER = "SELECT id FROM %TABLE% WHERE owner = :owner";

	private static final String POSTGRESQL_UPSERT = """
			INSERT INTO %TABLE% (%COLUMNS%)
			VALUES (:id, :formatVersion, :protocolVersion, CAST(:clientInfo AS jsonb), CAST(:clientCapabilities AS jsonb),
			        :owner, :createdAt, :lastAccessedAt, :expiresAt, CAST(:attributes AS jsonb))
			ON CONFLICT (id) DO UPDATE SET format_version = EXCLUDED.format_version,
			    protocol_version = EXCLUDED.protocol_version, client_info = EXCLUDED.client_info,
			    client_capabilities = EXCLUDED.client_capabilities, owner = EXCLUDED.owner,
			    created_at = EXCLUDED.created_at, last_accessed_at = EXCLUDED.last_accessed_at,
			    expires_at = EXCLUDED.expires_at, attributes = EXCLUDED.attributes""";

	private static final String POSTGRESQL_INSERT_IF_ABSENT = """
			INSERT INTO %TABLE% (%COLUMNS%)
			VALUES (:id, :formatVersion, :protocolVersion, CAST(:clientInfo AS jsonb), CAST(:clientCapabilities AS jsonb),
			        :owner, :createdAt, :lastAccessedAt, :expiresAt, CAST(:attributes AS jsonb))
			ON CONFLICT (id) DO NOTHING""";

	private static final String PLAIN_INSERT = """
			INSERT INTO %TABLE% (%COLUMNS%)
			VALUES (:id, :formatVersion, :protocolVersion, :clientInfo, :clientCapabilities,
			        :owner, :createdAt, :lastAccessedAt, :expiresAt, :attributes)""";

	private static final String H2_UPSERT = """
			MERGE INTO %TABLE% (%COLUMNS%) KEY (id)
			VALUES (:id, :formatVersion, :protocolVersion, :clientInfo, :clientCapabilities,
			        :owner, :createdAt, :lastAccessedAt, :expiresAt, :attributes)""";

	private static final String MARIADB_UPSERT = """
			INSERT INTO %TABLE% (%COLUMNS%)
			VALUES (:id, :formatVersion, :protocolVersion, :clientInfo, :clientCapabilities,
			        :owner, :createdAt, :lastAccessedAt, :expiresAt, :attributes)
			ON DUPLICATE KEY UPDATE format_version = VALUES(format_version),
			    protocol_version = VALUES(protocol_version), client_info = VALUES(client_info),
			    client_capabilities = VALUES(client_capabilities), owner = VALUES(owner),
			    created_at = VALUES(created_at), last_accessed_at = VALUES(last_accessed_at),
			    expires_at = VALUES(expires_at), attributes = VALUES(attributes)""";

	/** Stored attributes never hold JSON null, so stripping nulls after the merge removes exactly the deleted names. */
	private static final String POSTGRESQL_MERGE_ATTRIBUTES = "UPDATE %TABLE% "
			+ "SET attributes = jsonb_strip_nulls(attributes || CAST(:patch AS jsonb)) WHERE id = :id";

	private static final String MARIADB_MERGE_ATTRIBUTES = "UPDATE %TABLE% "
			+ "SET attributes = JSON_MERGE_PATCH(attributes, :patch) WHERE id = :id";

	private static final String LOCK_ATTRIBUTES = "SELECT attributes FROM %TABLE% WHERE id = :id FOR UPDATE";

	private static final String WRITE_ATTRIBUTES = "UPDATE %TABLE% SET attributes = :attributes WHERE id = :id";

	private static final String POSTGRESQL_DELETE_EXPIRED = """
			DELETE FROM %TABLE% WHERE id IN (
			    SELECT id FROM %TABLE% WHERE expires_at <= :now ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED)""";

	private static final String H2_DELETE_EXPIRED = "DELETE FROM %TABLE% WHERE expires_at <= :now FETCH FIRST :limit ROWS ONLY";

	private static final String MARIADB_LOCK_EXPIRED = "SELECT id FROM %TABLE% WHERE expires_at <= :now "
			+ "ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED";

	private final SqlDialect dialect;

	private final String name;

	final String upsert;

	final String find;

	/** {@link #find} for many ids: append {@code (?, ?, ...)}. */
	final String findMany;

	/** Inserts a row unless its id exists; where the dialect has no such statement, a plain insert that fails on a duplicate. */
	final String insert;

	final String touch;

	final String delete;

	final String count;

	/** The ids bound to one owner (the caller limits how many it reads). */
	final String idsByOwner;

	/** One {@code UPDATE} merging a JSON patch; {@code null} where attributes merge under a row lock instead. */
	final String mergeAttributes;

	final String lockAttributes;

	final String writeAttributes;

	/** Deletes a batch in one statement; {@code null} where expired ids are locked first ({@link #lockExpired}). */
	final String deleteExpired;

	final String lockExpired;

	SessionTable(SqlDialect dialect, String name) {
		this.dialect = dialect;
		this.name = checkName(name);
		this.upsert = sql(switch (dialect) {
			case POSTGRESQL -> POSTGRESQL_UPSERT;
			case H2 -> H2_UPSERT;
			case MARIADB -> MARIADB_UPSERT;
		});
		this.find = sql(FIND);
		this.findMany = sql(FIND_MANY);
		this.insert = sql(switch (dialect) {
			case POSTGRESQL -> POSTGRESQL_INSERT_IF_ABSENT;
			case H2 -> PLAIN_INSERT;
			case MARIADB -> PLAIN_INSERT.replaceFirst("INSERT INTO", "INSERT IGNORE INTO");
		});
		this.touch = sql(TOUCH);
		this.delete = sql(DELETE);
		this.count = sql(COUNT);
		this.idsByOwner = sql(IDS_BY_OWNER);
		this.mergeAttributes = switch (dialect) {
			case POSTGRESQL -> sql(POSTGRESQL_MERGE_ATTRIBUTES);
			case MARIADB -> sql(MARIADB_MERGE_ATTRIBUTES);
			case H2 -> null;
		};
		this.lockAttributes = sql(LOCK_ATTRIBUTES);
		this.writeAttributes = sql(WRITE_ATTRIBUTES);
		this.deleteExpired = switch (dialect) {
			case POSTGRESQL -> sql(POSTGRESQL_DELETE_EXPIRED);
			case H2 -> sql(H2_DELETE_EXPIRED);
			case MARIADB -> null;
		};
		this.lockExpired = sql(MARIADB_LOCK_EXPIRED);
	}

	static String checkName(String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("tableName must be an unquoted SQL identifier, optionally "
					+ "schema-qualified (letters, digits and _, at most 63 each, e.g. mcp_session or app.mcp_session), but was '"
					+ name + "'");
		}
		return name;
	}

	SqlDialect dialect() {
		return this.dialect;
	}

	String name() {
		return this.name;
	}

	/**
	 * The shipped schema script rewritten for this table's name: the table and its index. In H2 an
	 * index name is schema-qualified; elsewhere it lives in its table's schema.
	 */
	String schemaScript(String defaultScript) {
		int dot = this.name.indexOf('.');
		String schema = dot < 0 ? "" : this.name.substring(0, dot + 1);
		String indexPrefix = (this.dialect == SqlDialect.H2 ? schema : "") + this.name.substring(dot + 1);
		return defaultScript.replaceAll("\\b" + DEFAULT_NAME + "_(expires_at|owner)_idx\\b", indexPrefix + "_$1_idx")
			.replaceAll("\\b" + DEFAULT_NAME + "\\b", this.name);
	}

	/** The value a timestamp column takes; times are kept to the millisecond in every dialect. */
	Object timestamp(Instant instant) {
		return timestamp(this.dialect, instant);
	}

	Instant readTimestamp(ResultSet rs, String column) throws SQLException {
		return readTimestamp(this.dialect, rs, column);
	}

	/** The value a timestamp column of {@code dialect} takes, to the millisecond. */
	static Object timestamp(SqlDialect dialect, Instant instant) {
		Instant millis = instant.truncatedTo(ChronoUnit.MILLIS);
		return dialect == SqlDialect.MARIADB ? LocalDateTime.ofInstant(millis, ZoneOffset.UTC)
				: OffsetDateTime.ofInstant(millis, ZoneOffset.UTC);
	}

	/** A timestamp column of {@code dialect} read back, or {@code null}. */
	static Instant readTimestamp(SqlDialect dialect, ResultSet rs, String column) throws SQLException {
		if (dialect == SqlDialect.MARIADB) {
			LocalDateTime time = rs.getObject(column, LocalDateTime.class);
			return time == null ? null : time.toInstant(ZoneOffset.UTC);
		}
		OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
		return time == null ? null : time.toInstant();
	}

	@Override
	public String toString() {
		return this.dialect + " table " + this.name;
	}

	private String sql(String template) {
		return template.replace("%COLUMNS%", COLUMNS).replace("%TABLE%", this.name);
	}

}
