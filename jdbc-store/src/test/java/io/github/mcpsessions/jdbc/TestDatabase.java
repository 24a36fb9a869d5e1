package io.github.mcpsessions.jdbc;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.github.mcpsessions.testing.RequiredService;

/**
 * A real database for store tests. PostgreSQL and MariaDB come from the environment variable
 * ({@code MCP_SESSIONS_TEST_JDBC_URL}, {@code MCP_SESSIONS_TEST_MARIADB_URL}) if set, else from
 * Testcontainers where a Docker engine runs, else from the local default server. H2 runs in files
 * of a test's own folder. Tests isolate themselves in a schema of their own.
 */
record TestDatabase(SqlDialect dialect, String url, String username, String password) {

	static final String POSTGRES_VARIABLE = "MCP_SESSIONS_TEST_JDBC_URL";

	static final String POSTGRES_DEFAULT = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

	static final String MARIADB_VARIABLE = "MCP_SESSIONS_TEST_MARIADB_URL";

	static final String MARIADB_DEFAULT = "jdbc:mariadb://127.0.0.1:3306/test?user=root";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static TestDatabase postgres;

	private static TestDatabase mariadb;

	static synchronized TestDatabase postgres() {
		if (postgres == null) {
			postgres = resolve(SqlDialect.POSTGRESQL, POSTGRES_VARIABLE, POSTGRES_DEFAULT);
		}
		return postgres.reachable(POSTGRES_VARIABLE);
	}

	static synchronized TestDatabase mariadb() {
		if (mariadb == null) {
			mariadb = resolve(SqlDialect.MARIADB, MARIADB_VARIABLE, MARIADB_DEFAULT);
		}
		return mariadb.reachable(MARIADB_VARIABLE);
	}

	static TestDatabase h2(Path folder) {
		return new TestDatabase(SqlDialect.H2, "jdbc:h2:file:" + folder.resolve("sessions").toAbsolutePath(), "sa", "");
	}

	private static TestDatabase resolve(SqlDialect dialect, String variable, String fallback) {
		String configured = System.getenv(variable);
		if (configured != null && !configured.isBlank()) {
			return new TestDatabase(dialect, configured, null, null);
		}
		if (dockerAvailable()) {
			var container = dialect == SqlDialect.POSTGRESQL ? new PostgreSQLContainer("postgres:16-alpine")
					: new MariaDBContainer("mariadb:11");
			container.start();
			return new TestDatabase(dialect, container.getJdbcUrl(), container.getUsername(), container.getPassword());
		}
		return new TestDatabase(dialect, fallback, null, null);
	}

	/** Asks Testcontainers only where a Docker engine may be configured, so runs without one stay quiet. */
	private static boolean dockerAvailable() {
		Path home = Path.of(System.getProperty("user.home"));
		boolean configured = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
				|| Files.exists(home.resolve(".docker/run/docker.sock"))
				|| Files.exists(home.resolve(".testcontainers.properties"));
		if (!configured) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static final Pattern HOST_PORT = Pattern.compile("^(jdbc:[a-z0-9]+://)([^/:?]+)(?::(\\d+))?(.*)$");

	/** The host and port this database's URL names, for a {@link io.github.mcpsessions.testing.TcpProxy} in front of it. */
	InetSocketAddress address() {
		Matcher matcher = HOST_PORT.matcher(this.url);
		if (!matcher.matches()) {
			throw new IllegalStateException("No host in " + this.url);
		}
		int port = matcher.group(3) != null ? Integer.parseInt(matcher.group(3))
				: this.dialect == SqlDialect.POSTGRESQL ? 5432 : 3306;
		return InetSocketAddress.createUnresolved(matcher.group(2), port);
	}

	/** The same database reached through another local port. */
	TestDatabase atLocalPort(int port) {
		Matcher matcher = HOST_PORT.matcher(this.url);
		if (!matcher.matches()) {
			throw new IllegalStateException("No host in " + this.url);
		}
		return new TestDatabase(this.dialect, matcher.group(1) + "127.0.0.1:" + port + matcher.group(4), this.username,
				this.password);
	}

	private TestDatabase reachable(String variable) {
		try (Connection connection = connect()) {
			if (!connection.isValid(3)) {
				throw new SQLException("connection is not valid");
			}
			return this;
		}
		catch (SQLException ex) {
			throw RequiredService.unavailable(this.dialect.toString(), this.url, variable, ex);
		}
	}

	/** The same database reached as another role (the URL's own credentials dropped). */
	TestDatabase as(String role, String rolePassword) {
		String bare = this.url.replaceAll("([?&])(user|password)=[^&]*&?", "$1").replaceAll("[?&]$", "");
		return new TestDatabase(this.dialect, bare, role, rolePassword);
	}

	Connection connect() throws SQLException {
		DriverManager.setLoginTimeout(3);
		Properties properties = new Properties();
		if (this.username != null) {
			properties.setProperty("user", this.username);
			properties.setProperty("password", this.password);
		}
		return DriverManager.getConnection(this.url, properties);
	}

	HikariDataSource dataSource(String poolName) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(this.url);
		config.setUsername(this.username);
		config.setPassword(this.password);
		config.setPoolName(poolName);
		config.setMaximumPoolSize(10);
		return new HikariDataSource(config);
	}

	/** A new, empty schema (a database, on MariaDB) for one test class. */
	String createSchema() {
		String schema = "mcp_test_" + HexFormat.of().formatHex(bytes());
		execute((this.dialect == SqlDialect.MARIADB ? "CREATE DATABASE " : "CREATE SCHEMA ") + schema);
		return schema;
	}

	void dropSchema(String schema) {
		execute(switch (this.dialect) {
			case MARIADB -> "DROP DATABASE IF EXISTS " + schema;
			case POSTGRESQL, H2 -> "DROP SCHEMA IF EXISTS " + schema + " CASCADE";
		});
	}

	void execute(String sql) {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "' on " + this.dialect + ": " + ex.getMessage(), ex);
		}
	}

	private static byte[] bytes() {
		byte[] bytes = new byte[6];
		RANDOM.nextBytes(bytes);
		return bytes;
	}

}
