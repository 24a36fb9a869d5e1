package io.github.mcpsessions.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.mcpsessions.jdbc.JdbcSessionRepository;
import io.github.mcpsessions.redis.RedisSessionRepository;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionRepository;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/** The stores a run can use, at the addresses the tests use (same environment variables). */
final class Stores {

	static final String JDBC_URL = System.getenv()
		.getOrDefault("MCP_SESSIONS_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

	static final String MARIADB_URL = System.getenv()
		.getOrDefault("MCP_SESSIONS_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");

	static final String REDIS_URL = System.getenv().getOrDefault("MCP_SESSIONS_TEST_REDIS_URL", "redis://127.0.0.1:6379");

	private Stores() {
	}

	private static final List<String> CREATED = new CopyOnWriteArrayList<>();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(Stores::dropCreated, "drop-bench-data"));
	}

	/**
	 * A fresh store named {@code name} (memory, h2, postgres, mariadb, redis), empty, in its own table or key
	 * space, which is dropped when the JVM exits.
	 */
	static SessionRepository open(String name, String namespace) {
		CREATED.add(name + ":" + namespace);
		return switch (name) {
			case "memory" -> new InMemorySessionRepository();
			case "h2" -> JdbcSessionRepository.builder()
				.jdbcUrl("jdbc:h2:file:" + h2File(namespace) + ";WRITE_DELAY=0")
				.maximumPoolSize(10)
				.createSchemaIfMissing(true)
				.build();
			case "postgres" -> JdbcSessionRepository.builder()
				.jdbcUrl(JDBC_URL)
				.tableName("bench_" + namespace)
				.maximumPoolSize(10)
				.createSchemaIfMissing(true)
				.build();
			case "mariadb" -> JdbcSessionRepository.builder()
				.jdbcUrl(MARIADB_URL)
				.tableName("bench_" + namespace)
				.maximumPoolSize(10)
				.createSchemaIfMissing(true)
				.build();
			case "redis" -> RedisSessionRepository.builder().uri(REDIS_URL).keyPrefix("mcp-bench:" + namespace + ":").build();
			default -> throw new IllegalArgumentException("unknown store " + name + " (memory, h2, postgres, mariadb, redis)");
		};
	}

	/** Drops table {@code bench_<namespace>} (or Redis keys {@code mcp-bench:<namespace>:*}) of {@code store} when the JVM exits. */
	static void dropOnExit(String store, String namespace) {
		CREATED.add(store + ":" + namespace);
	}

	private static String h2File(String namespace) {
		try {
			return Files.createDirectories(Path.of("target", "bench-h2")).toAbsolutePath().resolve(namespace).toString();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static void dropCreated() {
		for (String created : CREATED) {
			String store = created.substring(0, created.indexOf(':'));
			String namespace = created.substring(created.indexOf(':') + 1);
			try {
				if (store.equals("postgres") || store.equals("mariadb")) {
					try (Connection connection = DriverManager.getConnection(store.equals("postgres") ? JDBC_URL : MARIADB_URL);
							Statement statement = connection.createStatement()) {
						statement.execute("DROP TABLE IF EXISTS bench_" + namespace);
					}
				}
				else if (store.equals("redis")) {
					RedisClient client = RedisClient.create(REDIS_URL);
					try (StatefulRedisConnection<String, String> connection = client.connect()) {
						RedisCommands<String, String> commands = connection.sync();
						ScanCursor cursor = ScanCursor.INITIAL;
						do {
							KeyScanCursor<String> keys = commands.scan(cursor, ScanArgs.Builder.matches("mcp-bench:" + namespace + ":*").limit(1000));
							if (!keys.getKeys().isEmpty()) {
								commands.del(keys.getKeys().toArray(String[]::new));
							}
							cursor = keys;
						}
						while (!cursor.isFinished());
					}
					finally {
						client.shutdown();
					}
				}
			}
			catch (Exception ex) {
				System.err.println("Could not drop benchmark data " + created + ": " + ex);
			}
		}
	}

	/** Closes a store that holds connections. */
	static void close(SessionRepository repository) {
		if (repository instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

}
