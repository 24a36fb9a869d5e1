package io.github.mcpsessions.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.testing.StoreScenarios;
import io.github.mcpsessions.testing.TcpProxy;

/**
 * Redis unreachable (a closed port) or cut mid-way (a TCP proxy): restores get 503 with
 * {@code Retry-After}, never 404; sessions held in a process keep working; once Redis is back the
 * shared connection reconnects by itself and nothing is lost.
 */
class RedisStoreUnavailableTest {

	private final String prefix = TestRedis.newPrefix();

	@AfterEach
	void cleanUp() {
		TestRedis.deleteKeys(this.prefix);
	}

	@Test
	void aClosedPortIsAStoreOutageNotAnUnknownSession() {
		try (RedisSessionRepository store = repository(StoreScenarios.closedPort())) {
			assertThatThrownBy(() -> store.findById("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
				.isInstanceOf(SessionStoreException.class)
				.hasMessageContaining("Redis at 127.0.0.1");

			StoreScenarios.unreachableStoreGets503(store);
		}
	}

	@Test
	void aRepositoryBuiltWhileRedisIsDownServesOnceItIsBack() throws IOException {
		URI redis = TestRedis.address();
		try (TcpProxy proxy = new TcpProxy(redis.getHost(), redis.getPort())) {
			StoreScenarios.builtWhileDownServesOnceBack(proxy, () -> repository(proxy.port()));
		}
	}

	@Test
	void aCutRedisCostsRetriesNeverSessionsAndNothingIsLost() throws IOException {
		URI redis = TestRedis.address();
		try (TcpProxy proxy = new TcpProxy(redis.getHost(), redis.getPort())) {
			StoreScenarios.outageCostsRetriesNeverSessions(proxy, () -> repository(proxy.port()));
		}
	}

	@Test
	void aRedisCutUnderLoadCostsRetriesNeverAcknowledgedWrites() throws IOException {
		URI redis = TestRedis.address();
		try (TcpProxy proxy = new TcpProxy(redis.getHost(), redis.getPort())) {
			StoreScenarios.outageUnderLoadLosesNothing(proxy, () -> repository(proxy.port()));
		}
	}

	private RedisSessionRepository repository(int port) {
		return RedisSessionRepository.builder()
			.uri("redis://127.0.0.1:" + port)
			.keyPrefix(this.prefix)
			.commandTimeout(Duration.ofSeconds(1))
			.connectTimeout(Duration.ofMillis(500))
			.build();
	}

}
