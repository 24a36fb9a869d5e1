package io.github.mcpsessions.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.mcpsessions.testing.RawMcpHttp;
import io.modelcontextprotocol.server.McpSyncServer;

/**
 * Shutdown with the starter: health turns {@code OUT_OF_SERVICE} and readiness {@code REFUSING_TRAFFIC}
 * at once, while MCP requests go on being served for the drain period.
 */
class SpringDrainTest {

	@Test
	void onShutdownHealthIsOutOfServiceWhileRequestsAreStillServed() {
		Map<String, Object> properties = new java.util.HashMap<>(SpringMcpApp.NO_DATA_SOURCE);
		properties.put("mcp.sessions.drain-period", "5s");
		ConfigurableApplicationContext context = SpringMcpApp.start(0, properties);
		String url = SpringMcpApp.url(context);
		String sessionId = RawMcpHttp.initialize(url);
		McpSessionsHealthIndicator health = context.getBean(McpSessionsHealthIndicator.class);
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);

		CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
		await().atMost(Duration.ofSeconds(5)).until(() -> health.health().getStatus().equals(Status.OUT_OF_SERVICE));

		assertThat(context.getBean(ApplicationAvailability.class).getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
		assertThat(RawMcpHttp.post(url, sessionId, RawMcpHttp.toolCall(2, "whoami")).statusCode()).isEqualTo(200);
		closing.join();
	}

	@Test
	void afterTheDrainPeriodListeningStreamsEndSoGracefulShutdownDoesNotWaitForThem() {
		Map<String, Object> properties = new java.util.HashMap<>(SpringMcpApp.NO_DATA_SOURCE);
		properties.put("mcp.sessions.drain-period", "1s");
		properties.put("server.shutdown", "graceful");
		properties.put("spring.lifecycle.timeout-per-shutdown-phase", "60s");
		ConfigurableApplicationContext context = SpringMcpApp.start(0, properties);
		String url = SpringMcpApp.url(context);
		String sessionId = RawMcpHttp.initialize(url);
		ListeningStream listening = new ListeningStream(url, sessionId);
		McpSyncServer server = context.getBean(McpSyncServer.class);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
			server.notifyToolsListChanged();
			return listening.heard("notifications/tools/list_changed");
		});

		CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);

		// Spring's graceful shutdown would wait its whole 60 s for a stream that never ends.
		await().atMost(Duration.ofSeconds(20)).until(() -> listening.ended() && closing.isDone());
		listening.close();
	}

}
