package io.github.mcpsessions.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.mcpsessions.messaging.InProcessSessionMessageBus;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.adapter.SessionPersistenceAdapter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.server.McpSyncServer;

/** The starter picks up the application's meter registry and message bus. */
class SpringMetricsAndBusTest {

	@Test
	void sessionMetersGoToTheApplicationsRegistry() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (ConfigurableApplicationContext context = SpringMcpApp.start(0, SpringMcpApp.NO_DATA_SOURCE, Map.of("meterRegistry", registry))) {
			RawMcpHttp.initialize(SpringMcpApp.url(context));

			assertThat(registry.get("mcp.sessions.events").tag("event", "created").counter().count()).isEqualTo(1);
			assertThat(registry.get("mcp.sessions.held").gauge().value()).isEqualTo(1);
			assertThat(registry.get("mcp.sessions.store.calls").tag("operation", "save").timer().count()).isEqualTo(1);
		}
	}

	@Test
	void withAMessageBusADeleteOnOneInstanceEndsTheSessionOnTheOther() {
		InMemorySessionRepository store = new InMemorySessionRepository();
		try (InProcessSessionMessageBus bus = new InProcessSessionMessageBus();
				ConfigurableApplicationContext a = SpringMcpApp.start(0, SpringMcpApp.NO_DATA_SOURCE, Map.of("sessions", store, "bus", bus));
				ConfigurableApplicationContext b = SpringMcpApp.start(0, SpringMcpApp.NO_DATA_SOURCE, Map.of("sessions", store, "bus", bus))) {
			String sessionId = RawMcpHttp.initialize(SpringMcpApp.url(a));
			assertThat(RawMcpHttp.post(SpringMcpApp.url(b), sessionId, RawMcpHttp.toolCall(2, "whoami")).body())
				.contains("restored=true");
			SessionPersistenceAdapter filterB = b.getBean(SessionPersistenceAdapter.class);
			assertThat(filterB.holds(sessionId)).isTrue();

			assertThat(RawMcpHttp.delete(SpringMcpApp.url(a), sessionId, Map.of()).statusCode()).isEqualTo(200);

			await().atMost(Duration.ofSeconds(1)).until(() -> !filterB.holds(sessionId));
			assertThat(RawMcpHttp.post(SpringMcpApp.url(b), sessionId, RawMcpHttp.toolCall(3, "whoami")).statusCode())
				.isEqualTo(404);
		}
	}

	@Test
	void aNotificationRaisedOnOneInstanceReachesTheListeningStreamOnTheOther() {
		InMemorySessionRepository store = new InMemorySessionRepository();
		try (InProcessSessionMessageBus bus = new InProcessSessionMessageBus();
				ConfigurableApplicationContext a = SpringMcpApp.start(0, SpringMcpApp.NO_DATA_SOURCE, Map.of("sessions", store, "bus", bus));
				ConfigurableApplicationContext b = SpringMcpApp.start(0, SpringMcpApp.NO_DATA_SOURCE, Map.of("sessions", store, "bus", bus))) {
			String sessionId = RawMcpHttp.initialize(SpringMcpApp.url(a));
			try (ListeningStream onA = new ListeningStream(SpringMcpApp.url(a), sessionId)) {
				McpSyncServer serverB = b.getBean(McpSyncServer.class);

				await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
					serverB.notifyToolsListChanged();
					assertThat(onA.heard("notifications/tools/list_changed")).isTrue();
				});
				assertThat(b.getBean(SessionPersistenceAdapter.class).holds(sessionId)).isFalse();
			}
		}
	}

	@Test
	void healthShowsTheStoreAndTheSessions() {
		Map<String, Object> properties = new java.util.HashMap<>(SpringMcpApp.NO_DATA_SOURCE);
		properties.put("mcp.sessions.stored-count-interval", "100ms");
		try (ConfigurableApplicationContext context = SpringMcpApp.start(0, properties)) {
			RawMcpHttp.initialize(SpringMcpApp.url(context));
			McpSessionsHealthIndicator indicator = context.getBean(McpSessionsHealthIndicator.class);

			org.awaitility.Awaitility.await()
				.atMost(java.time.Duration.ofSeconds(5))
				.until(() -> Long.valueOf(1).equals(indicator.health().getDetails().get("stored")));
			org.springframework.boot.health.contributor.Health health = indicator.health();

			assertThat(health.getStatus().getCode()).isEqualTo("UP");
			assertThat(health.getDetails()).containsEntry("stored", 1L).containsEntry("heldInThisProcess", 1);
		}
	}

}
