package io.github.mcpsessions.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.mcpsessions.jdbc.JdbcSessionRepository;
import io.github.mcpsessions.redis.RedisSessionRepository;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionRepository;

/** The stores a run can use, at the addresses the tests use (same environment variables). */
final class Stores {

	static final String JDBC_URL = System.getenv()
		.getOrDefault("MCP_SESSIONS_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

	static final String REDIS_URL = System.getenv().getOrDefault("MCP_SESSIONS_TEST_REDIS_URL", "redis://127.0.0.1:6379");

	private Stores() {
	}

	/** A fresh store named {@code name} (memory, h2, postgres, redis), empty, in its own table or key space. */
	static SessionRepository open(String name, String namespace) {
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
			case "redis" -> RedisSessionRepository.builder().uri(REDIS_URL).keyPrefix("mcp-bench:" + namespace + ":").build();
			default -> throw new IllegalArgumentException("unknown store " + name + " (memory, h2, postgres, redis)");
		};
	}

	private static String h2File(String namespace) {
		try {
			return Files.createDirectories(Path.of("target", "bench-h2")).toAbsolutePath().resolve(namespace).toString();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
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
