package io.github.mcpsessions.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.testing.BusScenarios;
import io.github.mcpsessions.testing.TcpProxy;

/** The Redis bus on a real server: a subscriber cut from Redis is subscribed again by Lettuce. */
class RedisSessionMessageBusTest {

	private final String channel = TestRedis.newPrefix() + "bus";

	@Test
	void aSubscriberCutFromRedisReceivesWhatIsSentAfterItReconnects() throws Exception {
		URI redis = TestRedis.address();
		try (TcpProxy proxy = new TcpProxy(redis.getHost(), redis.getPort());
				RedisSessionMessageBus listener = RedisSessionMessageBus.builder().uri("redis://127.0.0.1:" + proxy.port()).channel(this.channel).build();
				RedisSessionMessageBus sender = RedisSessionMessageBus.builder().uri(TestRedis.url()).channel(this.channel).build()) {
			BusScenarios.aListenerCutByAProxyReceivesLaterMessages(proxy, listener, sender);
		}
	}

	@Test
	void aBusBuiltWhileRedisIsDownSubscribesOnceItIsBack() throws Exception {
		URI redis = TestRedis.address();
		try (TcpProxy proxy = new TcpProxy(redis.getHost(), redis.getPort());
				RedisSessionMessageBus sender = RedisSessionMessageBus.builder().uri(TestRedis.url()).channel(this.channel).build()) {
			BusScenarios.aBusBuiltWhileItsServerIsDownSubscribesOnceBack(proxy,
					() -> RedisSessionMessageBus.builder().uri("redis://127.0.0.1:" + proxy.port()).channel(this.channel).build(),
					sender);
		}
	}

	@Test
	void theBuilderWantsOneSourceAndAChannel() {
		assertThatThrownBy(() -> RedisSessionMessageBus.builder().build()).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("exactly one of uri and client");
		RedisClient client = RedisClient.create(TestRedis.url());
		try {
			assertThatThrownBy(() -> RedisSessionMessageBus.builder().uri(TestRedis.url()).client(client).build())
				.isInstanceOf(IllegalStateException.class);
			assertThatThrownBy(() -> RedisSessionMessageBus.builder().client(client).channel(" ").build())
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("channel");
		}
		finally {
			client.shutdown();
		}
	}

}
