package io.github.mcpsessions.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.TestMcpServer;

/** The SDK 2.1 idle sweeper frees memory; the session comes back on its next request. */
@Tag("sdk-2.1")
class SweeperTest {

	@Test
	void aSweptSessionIsRestoredOnItsNextRequest() {
		InMemorySessionRepository store = new InMemorySessionRepository();
		try (TestMcpServer server = TestMcpServer.builder(store).sweepInterval(Duration.ofMillis(200)).start()) {
			String sessionId = RawMcpHttp.initialize(server.url());
			assertThat(RawMcpHttp.post(server.url(), sessionId, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
					+ "\"params\":{\"name\":\"remember\",\"arguments\":{\"key\":\"k\",\"value\":\"v\"}}}")
				.statusCode()).isEqualTo(200);

			await().atMost(Duration.ofSeconds(10)).until(() -> !server.provider().holds(sessionId));
			assertThat(store.findById(sessionId)).isPresent();

			String body = RawMcpHttp.post(server.url(), sessionId, RawMcpHttp.toolCall(2, "whoami")).body();

			assertThat(body).contains(sessionId + " restored=true");
			assertThat(server.restores()).isEqualTo(1);
			assertThat(RawMcpHttp.post(server.url(), sessionId, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
					+ "\"params\":{\"name\":\"recall\",\"arguments\":{\"key\":\"k\"}}}").body()).contains("\"text\":\"v\"");
		}
	}

}
