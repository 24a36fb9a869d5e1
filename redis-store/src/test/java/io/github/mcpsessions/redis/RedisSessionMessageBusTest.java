package io.github.mcpsessions.redis;

import java.net.URI;

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
				RedisSessionMessageBus listener = RedisSessionMessageBus.create("redis://127.0.0.1:" + proxy.port(), this.channel);
				RedisSessionMessageBus sender = RedisSessionMessageBus.create(TestRedis.url(), this.channel)) {
			BusScenarios.aListenerCutByAProxyReceivesLaterMessages(proxy, listener, sender);
		}
	}

}
