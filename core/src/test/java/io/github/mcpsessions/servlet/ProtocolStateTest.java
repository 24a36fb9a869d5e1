package io.github.mcpsessions.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.TestMcpServer;
import io.modelcontextprotocol.spec.McpSchema;

/** State the SDK keeps outside the session object, the logging level and resource subscriptions, survives a restart. */
class ProtocolStateTest {

	private static final String SET_LEVEL_ERROR = "{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"logging/setLevel\","
			+ "\"params\":{\"level\":\"error\"}}";

	private static final String SUBSCRIBE = "{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"resources/subscribe\","
			+ "\"params\":{\"uri\":\"" + TestMcpServer.WATCHED_URI + "\"}}";

	private static final String UNSUBSCRIBE = "{\"jsonrpc\":\"2.0\",\"id\":12,\"method\":\"resources/unsubscribe\","
			+ "\"params\":{\"uri\":\"" + TestMcpServer.WATCHED_URI + "\"}}";

	private final InMemorySessionRepository store = new InMemorySessionRepository();

	@Test
	void loggingLevelIsPersistedAndAppliedAfterARestart() {
		String sessionId;
		try (TestMcpServer first = TestMcpServer.builder(this.store).start()) {
			sessionId = RawMcpHttp.initialize(first.url());
			assertThat(RawMcpHttp.post(first.url(), sessionId, SET_LEVEL_ERROR).statusCode()).isEqualTo(200);
		}
		assertThat(this.store.findById(sessionId).orElseThrow().loggingLevel()).isEqualTo("ERROR");

		try (TestMcpServer second = TestMcpServer.builder(this.store).start()) {
			String body = RawMcpHttp.post(second.url(), sessionId, RawMcpHttp.toolCall(1, "log")).body();

			assertThat(body).contains("message at ERROR")
				.doesNotContain("message at WARNING")
				.doesNotContain("message at INFO")
				.contains("logged");
		}
	}

	@Test
	void subscriptionsArePersistedAndReappliedAfterARestart() {
		String sessionId;
		try (TestMcpServer first = TestMcpServer.builder(this.store).start()) {
			sessionId = RawMcpHttp.initialize(first.url());
			assertThat(RawMcpHttp.post(first.url(), sessionId, SUBSCRIBE).statusCode()).isEqualTo(200);
		}
		McpSessionRecord stored = this.store.findById(sessionId).orElseThrow();
		assertThat(stored.resourceSubscriptions()).containsExactly(TestMcpServer.WATCHED_URI);
		assertThat(stored.userAttributes()).isEmpty();

		try (TestMcpServer second = TestMcpServer.builder(this.store).start()) {
			List<String> events = new CopyOnWriteArrayList<>();
			CompletableFuture<HttpResponse<Void>> stream = HttpClient.newHttpClient()
				.sendAsync(HttpRequest.newBuilder(URI.create(second.url()))
					.header("Accept", "text/event-stream")
					.header("Mcp-Session-Id", sessionId)
					.GET()
					.build(), HttpResponse.BodyHandlers.ofLines())
				.thenApply(response -> {
					response.body().forEach(events::add);
					return null;
				});
			try {
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					second.server()
						.notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification(TestMcpServer.WATCHED_URI));
					assertThat(events).anySatisfy(line -> assertThat(line).contains("notifications/resources/updated"));
				});
				assertThat(second.restores()).isEqualTo(1);
			}
			finally {
				stream.cancel(true);
			}
		}
	}

	@Test
	void unsubscribeRemovesThePersistedSubscription() {
		try (TestMcpServer server = TestMcpServer.builder(this.store).start()) {
			String sessionId = RawMcpHttp.initialize(server.url());
			RawMcpHttp.post(server.url(), sessionId, SUBSCRIBE);

			assertThat(RawMcpHttp.post(server.url(), sessionId, UNSUBSCRIBE).statusCode()).isEqualTo(200);

			assertThat(this.store.findById(sessionId).orElseThrow().resourceSubscriptions()).isEmpty();
		}
	}

}
