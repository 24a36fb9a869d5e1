package io.github.mcpsessions.examples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import io.github.mcpsessions.testing.RequiredService;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;

/** The PostgreSQL and Redis the example tests use, from the same variables as the store tests. */
final class TestServices {

	static final String JDBC_URL = System.getenv()
		.getOrDefault("MCP_SESSIONS_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

	static final String REDIS_URL = System.getenv().getOrDefault("MCP_SESSIONS_TEST_REDIS_URL", "redis://127.0.0.1:6379");

	private static final TypeRef<Map<String, String>> STRING_MAP = new TypeRef<>() {
	};

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

	/** The attributes stored with a session in the {@code mcp_session} table that {@code jdbcUrl} reaches. */
	static Map<String, String> storedAttributes(String jdbcUrl, String sessionId) {
		try (Connection connection = DriverManager.getConnection(jdbcUrl);
				PreparedStatement query = connection.prepareStatement("SELECT attributes::text FROM mcp_session WHERE id = ?")) {
			query.setString(1, sessionId);
			try (ResultSet row = query.executeQuery()) {
				return row.next() ? McpJsonDefaults.getMapper().readValue(row.getString(1), STRING_MAP) : Map.of();
			}
		}
		catch (SQLException | java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The attributes stored with a session in the example's Redis hash ({@code a:<name>} fields). */
	static Map<String, String> storedRedisAttributes(String sessionId) {
		Map<String, String> attributes = new HashMap<>();
		redis(commands -> commands.hgetall("mcp:session:" + sessionId).forEach((field, value) -> {
			if (field.startsWith("a:")) {
				attributes.put(field.substring(2), value);
			}
		}));
		return attributes;
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
