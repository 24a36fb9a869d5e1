package io.github.mcpsessions.redis;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import io.github.mcpsessions.testing.RequiredService;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A real Redis for store tests: {@code MCP_SESSIONS_TEST_REDIS_URL} if set, else Testcontainers
 * where a Docker engine runs, else the local server at {@code redis://127.0.0.1:6379}. Tests write
 * under key prefixes of their own and delete them afterwards.
 */
final class TestRedis {

	static final String VARIABLE = "MCP_SESSIONS_TEST_REDIS_URL";

	static final String DEFAULT = "redis://127.0.0.1:6379";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static String url;

	private TestRedis() {
	}

	/** The URL of a reachable Redis; fails on CI and skips elsewhere if there is none. */
	static synchronized String url() {
		if (url == null) {
			url = resolve();
		}
		try (RedisClient client = RedisClient.create(url);
				StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().ping();
		}
		catch (RuntimeException ex) {
			throw RequiredService.unavailable("Redis", url, VARIABLE, ex);
		}
		return url;
	}

	/** A key prefix no other test uses. */
	static String newPrefix() {
		byte[] bytes = new byte[6];
		RANDOM.nextBytes(bytes);
		return "mcp-test:" + HexFormat.of().formatHex(bytes) + ":session:";
	}

	/** Host and port of the Redis under test, for a proxy in front of it. */
	static URI address() {
		return URI.create(url());
	}

	/** Deletes every key under {@code prefix}. */
	static void deleteKeys(String prefix) {
		try (RedisClient client = RedisClient.create(url());
				StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> commands = connection.sync();
			ScanArgs matching = ScanArgs.Builder.matches(RedisSessionRepository.globEscaped(prefix) + "*").limit(1000);
			KeyScanCursor<String> cursor = commands.scan(matching);
			while (true) {
				if (!cursor.getKeys().isEmpty()) {
					commands.del(cursor.getKeys().toArray(String[]::new));
				}
				if (cursor.isFinished()) {
					return;
				}
				cursor = commands.scan(cursor, matching);
			}
		}
	}

	/** Runs {@code work} on a fresh connection of its own, to look at Redis the way an operator would. */
	static <T> T inspect(java.util.function.Function<RedisCommands<String, String>, T> work) {
		try (RedisClient client = RedisClient.create(url());
				StatefulRedisConnection<String, String> connection = client.connect()) {
			return work.apply(connection.sync());
		}
	}

	private static String resolve() {
		String configured = System.getenv(VARIABLE);
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		if (dockerMayRun()) {
			try {
				if (DockerClientFactory.instance().isDockerAvailable()) {
					GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
					container.start();
					return "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
				}
			}
			catch (RuntimeException ex) {
				// no usable Docker engine: use the local server
			}
		}
		return DEFAULT;
	}

	/** Asks Testcontainers only where a Docker engine may be configured, so runs without one stay quiet. */
	private static boolean dockerMayRun() {
		Path home = Path.of(System.getProperty("user.home"));
		return System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
				|| Files.exists(home.resolve(".docker/run/docker.sock"))
				|| Files.exists(home.resolve(".testcontainers.properties"));
	}

}
