package io.github.mcpsessions.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.repository.McpSessionRecord;

/** Settings are checked when given; the application's client and connection stay the application's. */
class RedisSessionRepositoryBuilderTest {

	@Test
	void exactlyOneSourceIsRequired() {
		assertThatThrownBy(() -> RedisSessionRepository.builder().build()).hasMessageContaining("exactly one");
		try (RedisClient client = RedisClient.create("redis://127.0.0.1:6379")) {
			assertThatThrownBy(() -> RedisSessionRepository.builder().uri("redis://127.0.0.1:6379").client(client).build())
				.hasMessageContaining("exactly one");
		}
	}

	@Test
	void badSettingsAreNamed() {
		assertThatThrownBy(() -> RedisSessionRepository.builder().uri("http://cache:6379")).hasMessageContaining("uri");
		assertThatThrownBy(() -> RedisSessionRepository.builder().keyPrefix("")).hasMessageContaining("keyPrefix");
		assertThatThrownBy(() -> RedisSessionRepository.builder().keyPrefix("a b")).hasMessageContaining("keyPrefix");
		assertThatThrownBy(() -> RedisSessionRepository.builder().commandTimeout(Duration.ZERO))
			.hasMessageContaining("commandTimeout");
	}

	@Test
	void theApplicationsClientAndConnectionAreLeftOpen() {
		String prefix = TestRedis.newPrefix();
		try (RedisClient client = RedisClient.create(TestRedis.url());
				StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8)) {
			String id = SessionIds.generate();
			Instant now = Instant.now();
			try (RedisSessionRepository overClient = RedisSessionRepository.builder().client(client).keyPrefix(prefix).build()) {
				overClient.save(McpSessionRecord.builder(id).createdAt(now).expiresAt(now.plusSeconds(60)).build());
			}
			try (RedisSessionRepository overConnection = RedisSessionRepository.builder()
				.connection(connection)
				.keyPrefix(prefix)
				.build()) {
				assertThat(overConnection.findById(id)).isPresent();
			}

			assertThat(connection.isOpen()).isTrue();
			assertThat(connection.sync().ping()).isEqualTo("PONG");
		}
		finally {
			TestRedis.deleteKeys(prefix);
		}
	}

	@Test
	void globCharactersInThePrefixAreMatchedLiterally() {
		assertThat(RedisSessionRepository.globEscaped("mcp:[a]*?\\")).isEqualTo("mcp:\\[a\\]\\*\\?\\\\");
	}

}
