package io.github.mcpsessions.examples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import io.github.mcpsessions.testing.RequiredService;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/** The PostgreSQL and Redis the example tests use, from the same variables as the store tests. */
final class TestServices {

	static final String JDBC_URL = System.getenv()
		.getOrDefault("MCP_SESSIONS_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

	static final String REDIS_URL = System.getenv().getOrDefault("MCP_SESSIONS_TEST_REDIS_URL", "redis://127.0.0.1:6379");

	private TestServices() {
	}

	/** A connection to the test PostgreSQL; fails on CI and skips elsewhere if there is none. */
	static Connection postgres() {
		try {
			return DriverManager.getConnection(JDBC_URL);
		}
		catch (SQLException ex) {
			throw RequiredService.unavailable("PostgreSQL", JDBC_URL, "MCP_SESSIONS_TEST_JDBC_URL", ex);
		}
	}

	/** What runs against a JDBC URL. */
	@FunctionalInterface
	interface JdbcWork {

		void run(String jdbcUrl) throws Exception;

	}

	/** Runs {@code work} with a URL to a fresh PostgreSQL schema, dropped afterwards. */
	static void inPostgresSchema(String prefix, JdbcWork work) throws Exception {
		String schema = prefix + System.nanoTime();
		try (Connection connection = postgres()) {
			connection.createStatement().execute("CREATE SCHEMA " + schema);
		}
		try {
			work.run(JDBC_URL + (JDBC_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
		}
		finally {
			try (Connection connection = postgres()) {
				connection.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
			}
		}
	}

	/** Runs a Redis command on the test Redis; fails on CI and skips elsewhere if there is none. */
	static void redis(java.util.function.Consumer<io.lettuce.core.api.sync.RedisCommands<String, String>> work) {
		try (RedisClient client = RedisClient.create(REDIS_URL);
				StatefulRedisConnection<String, String> connection = client.connect()) {
			work.accept(connection.sync());
		}
		catch (io.lettuce.core.RedisConnectionException ex) {
			throw RequiredService.unavailable("Redis", REDIS_URL, "MCP_SESSIONS_TEST_REDIS_URL", ex);
		}
	}

}
