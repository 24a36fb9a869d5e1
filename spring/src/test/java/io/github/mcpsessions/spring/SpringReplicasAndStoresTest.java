package io.github.mcpsessions.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.mcpsessions.redis.RedisSessionRepository;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.testing.RequiredService;
import io.github.mcpsessions.testing.TestClients;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.modelcontextprotocol.client.McpSyncClient;

/** Spring AI servers with the starter: over Redis, two at once with requests alternating, and a store of the user's own. */
class SpringReplicasAndStoresTest {

	private static final String REDIS_URL = System.getenv().getOrDefault("MCP_SESSIONS_TEST_REDIS_URL", "redis://127.0.0.1:6379");

	@Test
	void aRedisClientBeanMakesTheStoreRedisAndASecondContextContinuesTheSession() {
		String prefix = "mcp-test:spring-" + Long.toHexString(System.nanoTime()) + ":session:";
		Map<String, Object> properties = new java.util.HashMap<>(SpringMcpApp.NO_DATA_SOURCE);
		properties.put("mcp.sessions.key-prefix", prefix);
		try (RedisClient redis = reachableRedis()) {
			ConfigurableApplicationContext first = SpringMcpApp.start(0, properties, Map.of("redisClient", redis));
			int port = SpringMcpApp.port(first);
			McpSyncClient client = TestClients.client(SpringMcpApp.url(first));
			try {
				assertThat(first.getBean(SessionRepository.class)).isInstanceOf(RedisSessionRepository.class);
				client.initialize();
				assertThat(TestClients.call(client, "remember", Map.of("key", "colour", "value", "teal"))).isEqualTo("ok");
				first.close();

				try (ConfigurableApplicationContext second = SpringMcpApp.start(port, properties, Map.of("redisClient", redis))) {
					assertThat(TestClients.call(client, "recall", Map.of("key", "colour"))).isEqualTo("teal");
					assertThat(TestClients.call(client, "whoami", Map.of())).endsWith("restored=true");
				}
			}
			finally {
				client.closeGracefully();
				first.close();
				deleteKeys(redis, prefix);
			}
		}
	}

	@Test
	void aSpringDataRedisConnectionFactoryMakesTheStoreRedis() {
		String prefix = "mcp-test:spring-" + Long.toHexString(System.nanoTime()) + ":session:";
		Map<String, Object> properties = new java.util.HashMap<>(SpringMcpApp.NO_DATA_SOURCE);
		properties.put("mcp.sessions.key-prefix", prefix);
		java.net.URI redisUri = java.net.URI.create(REDIS_URL);
		try (RedisClient redis = reachableRedis()) {
			org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory factory =
					new org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory(
							new org.springframework.data.redis.connection.RedisStandaloneConfiguration(redisUri.getHost(),
									redisUri.getPort()));
			factory.afterPropertiesSet();
			try (ConfigurableApplicationContext context = SpringMcpApp.start(0, properties,
					Map.of("redisConnectionFactory", factory))) {
				assertThat(context.getBean(SessionRepository.class)).isInstanceOf(RedisSessionRepository.class);
				String sessionId = io.github.mcpsessions.testing.RawMcpHttp.initialize(SpringMcpApp.url(context));
				try (StatefulRedisConnection<String, String> connection = redis.connect()) {
					assertThat(connection.sync().exists(prefix + sessionId)).isEqualTo(1L);
				}
			}
			finally {
				factory.destroy();
				deleteKeys(redis, prefix);
			}
		}
	}

	private static void deleteKeys(RedisClient redis, String prefix) {
		try (StatefulRedisConnection<String, String> connection = redis.connect()) {
			io.lettuce.core.KeyScanCursor<String> cursor = connection.sync()
				.scan(io.lettuce.core.ScanArgs.Builder.matches(prefix + "*"));
			while (true) {
				if (!cursor.getKeys().isEmpty()) {
					connection.sync().del(cursor.getKeys().toArray(String[]::new));
				}
				if (cursor.isFinished()) {
					return;
				}
				cursor = connection.sync().scan(cursor, io.lettuce.core.ScanArgs.Builder.matches(prefix + "*"));
			}
		}
	}

	@Test
	void twoContextsAtOnceServeOneSessionWithRequestsAlternating() {
		InMemorySessionRepository shared = new InMemorySessionRepository();
		try (ConfigurableApplicationContext a = SpringMcpApp.start(0, SpringMcpApp.NO_DATA_SOURCE, Map.of("sessions", shared));
				ConfigurableApplicationContext b = SpringMcpApp.start(0, SpringMcpApp.NO_DATA_SOURCE, Map.of("sessions", shared))) {
			McpSyncClient client = TestClients.alternating(List.of(SpringMcpApp.url(a), SpringMcpApp.url(b)));
			try {
				client.initialize();
				for (int i = 0; i < 6; i++) {
					assertThat(TestClients.call(client, "remember", Map.of("key", "k" + i, "value", "v" + i))).isEqualTo("ok");
				}
				for (int i = 0; i < 6; i++) {
					assertThat(TestClients.call(client, "recall", Map.of("key", "k" + i))).isEqualTo("v" + i);
				}
				assertThat(a.getBean(SessionRepository.class)).isSameAs(shared);
			}
			finally {
				client.closeGracefully();
			}
		}
	}

	private static RedisClient reachableRedis() {
		RedisClient client = RedisClient.create(REDIS_URL);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().ping();
			return client;
		}
		catch (RuntimeException ex) {
			client.close();
			throw RequiredService.unavailable("Redis", REDIS_URL, "MCP_SESSIONS_TEST_REDIS_URL", ex);
		}
	}

}
