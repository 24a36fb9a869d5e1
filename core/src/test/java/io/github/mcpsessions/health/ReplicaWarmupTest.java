package io.github.mcpsessions.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.CountingSessionRepository;
import io.github.mcpsessions.testing.RequiredOnlySessionRepository;
import io.github.mcpsessions.testing.TestMcpServer;

/**
 * The warm-up plays clients against the server's own endpoint for its duration, restores included,
 * reports ready only when done, and leaves no session behind.
 */
class ReplicaWarmupTest {

	@Test
	void warmsTheRequestPathThenReportsReadyAndLeavesNoSession() {
		CountingSessionRepository store = new CountingSessionRepository(new InMemorySessionRepository());
		try (TestMcpServer server = TestMcpServer.builder(store).start();
				ReplicaWarmup warmup = ReplicaWarmup.builder(server.provider(), URI.create(server.url()))
					.duration(Duration.ofMillis(300))
					.threads(2)
					.toolCall("whoami", "{}")
					.start()) {
			assertThat(warmup.readiness().ready()).isFalse();
			assertThat(warmup.readiness().reason()).startsWith("warming up");

			await().atMost(Duration.ofSeconds(10)).until(() -> warmup.readiness().ready());

			assertThat(warmup.requests()).isGreaterThan(8);
			assertThat(server.restores()).as("warm-up sessions restored through the SDK's factory").isPositive();
			assertThat(store.calls("findById")).isPositive();
			assertThat(store.calls("deleteById")).isPositive();
			assertThat(server.provider().heldSessionCount()).isZero();
		}
	}

	@Test
	void waitsUntilTheStoreIsReadyBeforeItWarms() {
		NotYetReady store = new NotYetReady();
		try (TestMcpServer server = TestMcpServer.builder(store).start();
				ReplicaWarmup warmup = ReplicaWarmup.builder(server.provider(), URI.create(server.url()))
					.duration(Duration.ofMillis(100))
					.start()) {
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> warmup.requests() == 0);
			assertThat(warmup.readiness().ready()).isFalse();

			store.readiness = Readiness.READY;
			await().atMost(Duration.ofSeconds(10)).until(() -> warmup.readiness().ready());
			assertThat(warmup.requests()).isPositive();
		}
	}

	@Test
	void refusesSettingsThatMakeNoSense() {
		try (TestMcpServer server = TestMcpServer.builder(new InMemorySessionRepository()).start()) {
			ReplicaWarmup.Builder builder = ReplicaWarmup.builder(server.provider(), URI.create(server.url()));
			assertThatThrownBy(() -> builder.duration(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
			assertThatThrownBy(() -> builder.threads(0)).isInstanceOf(IllegalArgumentException.class);
			assertThatThrownBy(() -> ReplicaWarmup.builder(null, URI.create(server.url())))
				.isInstanceOf(NullPointerException.class);
		}
	}

	/** A store in memory that says it is not ready until told. */
	private static final class NotYetReady extends RequiredOnlySessionRepository {

		volatile Readiness readiness = Readiness.notReady("the test store is starting");

		@Override
		public Readiness readiness() {
			return this.readiness;
		}

	}

}
