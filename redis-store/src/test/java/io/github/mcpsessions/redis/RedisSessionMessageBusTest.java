package io.github.mcpsessions.redis;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.messaging.SessionMessage;
import io.github.mcpsessions.testing.TcpProxy;

/** The Redis bus on a real server: a subscriber cut from Redis is subscribed again by Lettuce. */
class RedisSessionMessageBusTest {

	private final String channel = TestRedis.newPrefix() + "bus";

	@Test
	void aSubscriberCutFromRedisReceivesWhatIsSentAfterItReconnects() throws Exception {
		URI redis = TestRedis.address();
		List<String> received = new CopyOnWriteArrayList<>();
		try (TcpProxy proxy = new TcpProxy(redis.getHost(), redis.getPort());
				RedisSessionMessageBus listener = RedisSessionMessageBus.create("redis://127.0.0.1:" + proxy.port(), this.channel);
				RedisSessionMessageBus sender = RedisSessionMessageBus.create(TestRedis.url(), this.channel)) {
			listener.subscribe(message -> received.add(message.payload()));
			sender.publish(message("before"));
			await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("before"));

			proxy.cut();
			proxy.restore();

			await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
				sender.publish(message("after"));
				return received.contains("after");
			});
		}
	}

	private static SessionMessage message(String payload) {
		return new SessionMessage(SessionMessage.Type.NOTIFICATION, "s", "test", UUID.randomUUID().toString(), payload);
	}

}
