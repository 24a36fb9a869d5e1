package io.github.mcpsessions.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.messaging.InProcessSessionMessageBus;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.RequiredOnlySessionRepository;
import io.github.mcpsessions.testing.TestMcpServer;

/** An application ends every session of one user, on every replica, through the store's lookup by owner. */
class EndSessionsOfOwnerTest {

	private static Map<String, String> as(String owner) {
		return Map.of(TestMcpServer.OWNER_HEADER, owner);
	}

	@Test
	void everySessionOfTheOwnerEndsOnEveryReplicaAndOthersAreKept() {
		InMemorySessionRepository store = new InMemorySessionRepository();
		InProcessSessionMessageBus bus = new InProcessSessionMessageBus();
		try (TestMcpServer a = TestMcpServer.builder(store).ownerBinding().messageBus(bus).start();
				TestMcpServer b = TestMcpServer.builder(store).ownerBinding().messageBus(bus).start()) {
			String first = RawMcpHttp.initialize(a.url(), as("alice"));
			String second = RawMcpHttp.initialize(a.url(), as("alice"));
			String bobs = RawMcpHttp.initialize(a.url(), as("bob"));
			assertThat(RawMcpHttp.post(b.url(), first, RawMcpHttp.toolCall(2, "whoami"), as("alice")).statusCode())
				.isEqualTo(200);

			int ended = b.provider().endSessionsOf("alice");

			assertThat(ended).isEqualTo(2);
			assertThat(store.findById(first)).isEmpty();
			assertThat(store.findById(second)).isEmpty();
			await().atMost(Duration.ofSeconds(5)).until(() -> !a.provider().holds(first) && !a.provider().holds(second));
			assertThat(RawMcpHttp.post(a.url(), first, RawMcpHttp.toolCall(3, "whoami"), as("alice")).statusCode())
				.isEqualTo(404);
			assertThat(RawMcpHttp.post(b.url(), second, RawMcpHttp.toolCall(4, "whoami"), as("alice")).statusCode())
				.isEqualTo(404);
			assertThat(RawMcpHttp.post(b.url(), bobs, RawMcpHttp.toolCall(5, "whoami"), as("bob")).statusCode())
				.isEqualTo(200);
			assertThat(b.provider().endSessionsOf("carol")).isZero();
		}
	}

	@Test
	void aStoreThatCannotFindSessionsByOwnerSaysSo() {
		SessionRepository withoutLookup = new RequiredOnlySessionRepository();

		try (TestMcpServer server = TestMcpServer.builder(withoutLookup).ownerBinding().start()) {
			assertThatThrownBy(() -> server.provider().endSessionsOf("alice"))
				.isInstanceOf(UnsupportedOperationException.class)
				.hasMessageContaining("cannot find sessions by owner");
		}
	}

}
