package io.github.mcpsessions.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import io.github.mcpsessions.internal.startup.DataSourceUrls;
import io.github.mcpsessions.repository.SessionStoreException;

/**
 * The databases {@link JdbcSessionRepository} speaks. Each keeps sessions in one table whose
 * schema ships in this jar at {@link #schemaScript()}.
 *
 * @since 0.1.0
 */
public enum SqlDialect {

	/** PostgreSQL 12 or later: {@code jsonb} columns, {@code timestamptz}, {@code SKIP LOCKED} clean-up. */
	POSTGRESQL("PostgreSQL", "postgresql"),

	/**
	 * H2 2.x, embedded in one process: attribute merges run under a row lock in one transaction,
	 * since H2 has no JSON merge function.
	 */
	H2("H2", "h2"),

	/** MariaDB 10.6 or later, and MySQL 8 or later: {@code JSON_MERGE_PATCH}, {@code SKIP LOCKED} clean-up. */
	MARIADB("MariaDB", "mariadb");

	private final String displayName;

	private final String folder;

	SqlDialect(String displayName, String folder) {
		this.displayName = displayName;
		this.folder = folder;
	}

	/**
	 * The dialect for a JDBC {@code DatabaseMetaData.getDatabaseProductName()}.
	 * @throws IllegalArgumentException for a database this library does not support
	 */
	public static SqlDialect forProductName(String productName) {
		String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
		if (name.contains("postgresql")) {
			return POSTGRESQL;
		}
		if (name.equals("h2")) {
			return H2;
		}
		if (name.contains("mariadb") || name.contains("mysql")) {
			return MARIADB;
		}
		throw new IllegalArgumentException("Unsupported database '" + productName
				+ "' for the session store: use PostgreSQL, H2, MariaDB or MySQL, or implement SessionRepository");
	}

	/**
	 * The dialect a JDBC URL names, such as {@code jdbc:postgresql://db/app}.
	 * @throws IllegalArgumentException for a database this library does not support
	 */
	public static SqlDialect forJdbcUrl(String jdbcUrl) {
		String url = jdbcUrl.toLowerCase(Locale.ROOT);
		if (url.startsWith("jdbc:postgresql:")) {
			return POSTGRESQL;
		}
		if (url.startsWith("jdbc:h2:")) {
			return H2;
		}
		if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
			return MARIADB;
		}
		throw new IllegalArgumentException("Unsupported JDBC URL for the session store (" + jdbcUrl.split("[:/?]", 3)[1]
				+ "): use PostgreSQL, H2, MariaDB or MySQL, set dialect(...), or implement SessionRepository");
	}

	/**
	 * The dialect of the database behind {@code source}: from its JDBC URL when the pool tells it
	 * (HikariCP, and pools or drivers' data sources with a {@code getJdbcUrl}, {@code getUrl} or
	 * {@code getURL}), so a store is built while its database is down; else asked over one connection.
	 * @param what whose database it is, for the error ("session", "event")
	 * @throws SessionStoreException if no connection can be had
	 */
	static SqlDialect detect(DataSource source, String what) {
		String url = jdbcUrlOf(source);
		if (url != null) {
			try {
				return forJdbcUrl(url);
			}
			catch (IllegalArgumentException ex) {
				// not a URL we know: ask the database
			}
		}
		try (Connection connection = source.getConnection()) {
			return forProductName(connection.getMetaData().getDatabaseProductName());
		}
		catch (SQLException ex) {
			throw new SessionStoreException("Could not connect to the " + what + " database to detect its dialect: "
					+ ex.getMessage() + " (set dialect(...) to skip detection)", ex);
		}
	}

	/** The JDBC URL {@code source} was configured with, if it tells without connecting. */
	static String jdbcUrlOf(DataSource source) {
		try {
			if (source.isWrapperFor(HikariDataSource.class)) {
				return source.unwrap(HikariDataSource.class).getJdbcUrl();
			}
		}
		catch (SQLException ex) {
			// not unwrappable: try its own getter
		}
		return DataSourceUrls.jdbcUrlOf(source);
	}

	/**
	 * Class path location of the script that creates the session table with its default name
	 * {@code mcp_session}; named as a Flyway version 1 migration.
	 */
	public String schemaScript() {
		return "io/github/mcpsessions/jdbc/schema/" + this.folder + "/V1__create_mcp_session.sql";
	}

	@Override
	public String toString() {
		return this.displayName;
	}

}
