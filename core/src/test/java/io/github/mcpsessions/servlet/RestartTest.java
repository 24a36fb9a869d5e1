package io.github.mcpsessions.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.TestClients;
import io.github.mcpsessions.testing.TestMcpServer;
import io.modelcontextprotocol.client.McpSyncClient;

/** A server stops completely and a new one takes over its port and store: the client does not notice. */
class RestartTest {

	@Test
	void asyncServersRestoreTheSameWay() {
		InMemorySessionRepository store = new InMemorySessionRepository();
		String sessionId;
		try (TestMcpServer first = TestMcpServer.builder(store).async().start()) {
			sessionId = RawMcpHttp.initialize(first.url());
			assertThat(RawMcpHttp.post(first.url(), sessionId, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
					+ "\"params\":{\"name\":\"remember\",\"arguments\":{\"key\":\"k\",\"value\":\"v\"}}}").body())
				.contains("\"ok\"");
		}
		try (TestMcpServer second = TestMcpServer.builder(store).async().start()) {
			String body = RawMcpHttp.post(second.url(), sessionId, RawMcpHttp.toolCall(2, "whoami")).body();

			assertThat(body).contains(sessionId + " restored=true");
			assertThat(store.findById(sessionId).orElseThrow().userAttributes()).containsEntry("k", "v");
		}
	}

	@Test
	void sessionSurvivesARestartUnderItsOriginalId() {
		InMemorySessionRepository store = new InMemorySessionRepository();
		TestMcpServer first = TestMcpServer.builder(store).start();
		int port = first.port();
		McpSyncClient client = TestClients.client(first.url());
		try {
			client.initialize();
			String before = TestClients.call(client, "whoami", Map.of());
			assertThat(before).endsWith("restored=false");
			String sessionId = before.substring(0, before.indexOf(' '));
			assertThat(TestClients.call(client, "remember", Map.of("key", "colour", "value", "teal"))).isEqualTo("ok");

			first.close();
			assertThat(store.findById(sessionId)).isPresent();

			try (TestMcpServer second = TestMcpServer.builder(store).port(port).start()) {
				assertThat(second.provider().holds(sessionId)).isFalse();

				String after = TestClients.call(client, "whoami", Map.of());

				assertThat(after).isEqualTo(sessionId + " restored=true");
				assertThat(TestClients.call(client, "recall", Map.of("key", "colour"))).isEqualTo("teal");
				assertThat(second.restores()).isEqualTo(1);
				assertThat(second.provider().holds(sessionId)).isTrue();
			}
		}
		finally {
			client.closeGracefully();
		}
	}

}
