package io.github.mcpsessions.internal.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.messaging.InProcessSessionMessageBus;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.MutableClock;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.TestMcpServer;

/** A session that expires on one replica ends on the others too, caches included. */
class SessionEndAcrossReplicasTest {

	@Test
	void anExpiryFoundOnOneReplicaDropsTheSessionOnTheOther() {
		InMemorySessionRepository store = new InMemorySessionRepository();
		MutableClock clock = MutableClock.atFixedInstant();
		try (InProcessSessionMessageBus bus = new InProcessSessionMessageBus();
				TestMcpServer a = TestMcpServer.builder(store).messageBus(bus).clock(clock).idleTimeout(Duration.ofHours(1)).start();
				TestMcpServer b = TestMcpServer.builder(store).messageBus(bus).clock(clock).idleTimeout(Duration.ofHours(1)).start()) {
			String sessionId = RawMcpHttp.initialize(a.url());
			assertThat(RawMcpHttp.post(b.url(), sessionId, RawMcpHttp.toolCall(2, "whoami")).statusCode()).isEqualTo(200);

			clock.advance(Duration.ofHours(2));

			assertThat(RawMcpHttp.post(a.url(), sessionId, RawMcpHttp.toolCall(3, "whoami")).body()).contains("Session expired");
			await().atMost(Duration.ofSeconds(1)).until(() -> !b.provider().holds(sessionId));
			assertThat(RawMcpHttp.post(b.url(), sessionId, RawMcpHttp.toolCall(4, "whoami")).statusCode()).isEqualTo(404);
		}
	}

}
