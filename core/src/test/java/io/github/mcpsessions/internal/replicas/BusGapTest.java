package io.github.mcpsessions.internal.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.messaging.InProcessSessionMessageBus;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.CuttableBus;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.TestMcpServer;

/**
 * A replica cut off from the bus stops trusting its cache, so a session deleted elsewhere meanwhile
 * is refused there too (forged and malformed frames: {@code ReplicaContract}, run on every bus).
 */
class BusGapTest {

	private final InMemorySessionRepository store = new InMemorySessionRepository();

	@Test
	void aReplicaCutFromTheBusWhenASessionIsDeletedRefusesItWithinThreeHeartbeats() {
		try (InProcessSessionMessageBus shared = new InProcessSessionMessageBus();
				TestMcpServer a = TestMcpServer.builder(this.store).messageBus(shared).start()) {
			CuttableBus link = new CuttableBus(shared);
			try (TestMcpServer b = TestMcpServer.builder(this.store).messageBus(link).messageBusHeartbeat(Duration.ofMillis(100)).start()) {
				String sessionId = RawMcpHttp.initialize(a.url());
				assertThat(RawMcpHttp.post(b.url(), sessionId, RawMcpHttp.toolCall(2, "whoami")).statusCode()).isEqualTo(200);

				link.cut();
				assertThat(RawMcpHttp.delete(a.url(), sessionId, java.util.Map.of()).statusCode()).isEqualTo(200);

				// B missed SESSION_ENDED; once its heartbeats stop coming back it asks the store.
				await().atMost(Duration.ofSeconds(2))
					.until(() -> RawMcpHttp.post(b.url(), sessionId, RawMcpHttp.toolCall(4, "whoami")).statusCode() == 404);
				assertThat(b.provider().holds(sessionId)).isFalse();

				link.restore();
				String next = RawMcpHttp.initialize(a.url());
				assertThat(RawMcpHttp.post(b.url(), next, RawMcpHttp.toolCall(5, "whoami")).statusCode()).isEqualTo(200);
			}
		}
	}

	@Test
	void aDeleteMadeOnAReplicaCutFromTheBusReachesTheOthersWhenItIsBack() {
		try (InProcessSessionMessageBus shared = new InProcessSessionMessageBus();
				TestMcpServer b = TestMcpServer.builder(this.store).messageBus(shared).start()) {
			CuttableBus link = new CuttableBus(shared);
			try (TestMcpServer a = TestMcpServer.builder(this.store).messageBus(link).messageBusHeartbeat(Duration.ofMillis(100)).start()) {
				String sessionId = RawMcpHttp.initialize(a.url());
				assertThat(RawMcpHttp.post(b.url(), sessionId, RawMcpHttp.toolCall(2, "whoami")).statusCode()).isEqualTo(200);

				link.cut();
				assertThat(RawMcpHttp.delete(a.url(), sessionId, java.util.Map.of()).statusCode()).isEqualTo(200);
				assertThat(b.provider().holds(sessionId)).as("B cannot know yet").isTrue();

				link.restore();
				await().atMost(Duration.ofSeconds(2)).until(() -> !b.provider().holds(sessionId));
				assertThat(RawMcpHttp.post(b.url(), sessionId, RawMcpHttp.toolCall(3, "whoami")).statusCode()).isEqualTo(404);
			}
		}
	}

}
