package io.github.mcpsessions.internal.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.messaging.InProcessSessionMessageBus;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.repository.SharedSecrets;
import io.github.mcpsessions.testing.CuttableBus;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.RequiredOnlySessionRepository;
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

	@Test
	void aReplicaWhoseBusIsLostForLongIsNotReadyAndServesAgainWhenItIsBack() {
		try (InProcessSessionMessageBus shared = new InProcessSessionMessageBus()) {
			CuttableBus link = new CuttableBus(shared);
			try (TestMcpServer b = TestMcpServer.builder(this.store).messageBus(link).messageBusHeartbeat(Duration.ofMillis(50)).start()) {
				String sessionId = RawMcpHttp.initialize(b.url());
				assertThat(b.provider().readiness().ready()).isTrue();

				link.cut();
				// Fifteen silent heartbeats: the bus is lost, not blinking.
				await().atMost(Duration.ofSeconds(5)).until(() -> !b.provider().readiness().ready());
				assertThat(b.provider().readiness().reason()).contains("heartbeats");
				var refused = RawMcpHttp.post(b.url(), sessionId, RawMcpHttp.toolCall(2, "whoami"));
				assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
				assertThat(refused.headers().firstValue("Retry-After")).isPresent();

				link.restore();
				await().atMost(Duration.ofSeconds(5)).until(() -> b.provider().readiness().ready());
				assertThat(RawMcpHttp.post(b.url(), sessionId, RawMcpHttp.toolCall(3, "whoami")).statusCode()).isEqualTo(200);
			}
		}
	}

	@Test
	void aReplicaWhoseStoreCannotGiveTheBusSecretIsNotReadyUntilItCan() {
		UnreachableSecrets secrets = new UnreachableSecrets();
		try (InProcessSessionMessageBus shared = new InProcessSessionMessageBus();
				TestMcpServer a = TestMcpServer.builder(secrets).messageBus(shared).messageBusHeartbeat(Duration.ofMillis(50)).start()) {
			assertThat(a.provider().readiness().ready()).isFalse();
			assertThat(a.provider().readiness().reason()).contains("bus secret");
			assertThat(RawMcpHttp.post(a.url(), null, RawMcpHttp.INITIALIZE).statusCode()).isEqualTo(503);

			secrets.reachable = true;
			await().atMost(Duration.ofSeconds(5)).until(() -> a.provider().readiness().ready());
			assertThat(RawMcpHttp.initialize(a.url())).isNotBlank();
		}
	}

	/** A store whose shared secrets fail as a store outage until it is made reachable. */
	private static final class UnreachableSecrets extends RequiredOnlySessionRepository {

		volatile boolean reachable;

		@Override
		public Optional<SharedSecrets> sharedSecrets() {
			SharedSecrets secrets = delegate().sharedSecrets().orElseThrow();
			return Optional.of((name, candidate) -> {
				if (!this.reachable) {
					throw new SessionStoreException("the store is down");
				}
				return secrets.getOrCreate(name, candidate);
			});
		}

	}

}
