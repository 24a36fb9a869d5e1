package io.github.mcpsessions.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.StoreScenarios;
import io.github.mcpsessions.testing.TestMcpServer;

/** The real decorator over Redis: a restart keeps the session; Redis's own expiry ends it with a 404. */
class RedisDecoratorTest {

	private final String prefix = TestRedis.newPrefix();

	@AfterEach
	void cleanUp() {
		TestRedis.deleteKeys(this.prefix);
	}

	private RedisSessionRepository repository() {
		return RedisSessionRepository.builder().uri(TestRedis.url()).keyPrefix(this.prefix).build();
	}

	@Test
	void sessionSurvivesARestartOverRedis() {
		StoreScenarios.restartKeepsTheSession(this::repository);
	}

	@Test
	void aSessionRedisExpiredIsUnknownToTheNextServer() {
		String sessionId;
		try (RedisSessionRepository store = repository();
				TestMcpServer first = TestMcpServer.builder(store).idleTimeout(Duration.ofMillis(500)).start()) {
			sessionId = RawMcpHttp.initialize(first.url());
			assertThat(TestRedis.<Long>inspect(commands -> commands.exists(this.prefix + sessionId))).isEqualTo(1L);
		}

		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> TestRedis.<Long>inspect(commands -> commands.exists(this.prefix + sessionId)) == 0L);

		try (RedisSessionRepository store = repository(); TestMcpServer second = TestMcpServer.builder(store).start()) {
			HttpResponse<String> response = RawMcpHttp.post(second.url(), sessionId, RawMcpHttp.toolCall(2, "whoami"));

			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.body()).contains("Session not found");
		}
	}

	@Test
	void theMaximumLifetimeCapsRedisExpiryHoweverBusyTheSession() {
		try (RedisSessionRepository store = repository();
				TestMcpServer server = TestMcpServer.builder(store).maxLifetime(Duration.ofSeconds(1)).start()) {
			String sessionId = RawMcpHttp.initialize(server.url());
			long created = store.findById(sessionId).orElseThrow().createdAt().toEpochMilli();
			assertThat(RawMcpHttp.post(server.url(), sessionId, RawMcpHttp.toolCall(2, "whoami")).statusCode()).isEqualTo(200);

			long expiresAt = TestRedis.<Long>inspect(commands -> commands.pexpiretime(this.prefix + sessionId));

			assertThat(expiresAt).isEqualTo(created + 1000);
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> TestRedis.<Long>inspect(commands -> commands.exists(this.prefix + sessionId)) == 0L);
		}
	}

}
