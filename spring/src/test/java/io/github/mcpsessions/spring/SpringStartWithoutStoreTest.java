package io.github.mcpsessions.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.TcpProxy;

/**
 * A Spring AI server with the starter whose database is down when it starts (cut by a TCP proxy):
 * the context starts, the health indicator says DOWN with the reason, MCP requests get 503, and once
 * the database is back it serves without a restart. With {@code mcp.sessions.require-ready-at-start}
 * the context fails to start instead. With {@code mcp.sessions.warm-up} it reports ready only after
 * it warmed up.
 */
class SpringStartWithoutStoreTest {

	private static final String JDBC_URL = System.getenv()
		.getOrDefault("MCP_SESSIONS_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

	private final String schema = "mcp_test_spring_down_" + Long.toHexString(System.nanoTime());

	@BeforeEach
	void createSchema() throws SQLException {
		execute("CREATE SCHEMA " + this.schema);
	}

	@AfterEach
	void dropSchema() throws SQLException {
		execute("DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
	}

	@Test
	void theContextStartsDownAndServesOnceTheDatabaseIsBack() throws Exception {
		URI postgres = URI.create(JDBC_URL.substring("jdbc:".length()));
		try (TcpProxy proxy = new TcpProxy(postgres.getHost(), postgres.getPort())) {
			proxy.cut();
			try (ConfigurableApplicationContext context = SpringMcpApp.start(0, database(proxy))) {
				McpSessionsHealthIndicator health = context.getBean(McpSessionsHealthIndicator.class);
				assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
				assertThat(String.valueOf(health.health().getDetails().get("reason"))).contains("mcp_session");
				HttpResponse<String> refused = RawMcpHttp.post(SpringMcpApp.url(context), null, RawMcpHttp.INITIALIZE);
				assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
				assertThat(refused.headers().firstValue("Retry-After")).isPresent();
				assertThat(refused.body()).contains("-32002");

				proxy.restore();
				await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
					.until(() -> Status.UP.equals(health.health().getStatus()));
				String sessionId = RawMcpHttp.initialize(SpringMcpApp.url(context));
				HttpResponse<String> call = RawMcpHttp.post(SpringMcpApp.url(context), sessionId,
						RawMcpHttp.toolCall(2, "remember", Map.of("key", "k", "value", "v")));
				assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
			}
		}
	}

	@Test
	void requireReadyAtStartFailsTheContextWhenTheDatabaseCannotBeReached() throws Exception {
		URI postgres = URI.create(JDBC_URL.substring("jdbc:".length()));
		try (TcpProxy proxy = new TcpProxy(postgres.getHost(), postgres.getPort())) {
			proxy.cut();
			Map<String, Object> properties = new HashMap<>(database(proxy));
			properties.put("mcp.sessions.require-ready-at-start", "2s");
			assertThatThrownBy(() -> SpringMcpApp.start(0, properties).close())
				.hasStackTraceContaining("Not ready within 2000 ms")
				.hasStackTraceContaining("mcp_session");
		}
	}

	@Test
	void withAWarmUpTheIndicatorSaysUpOnlyOnceTheInstanceCalledItsOwnEndpoint() {
		Map<String, Object> properties = new HashMap<>(SpringMcpApp.NO_DATA_SOURCE);
		properties.put("mcp.sessions.warm-up", "2s");
		try (ConfigurableApplicationContext context = SpringMcpApp.start(0, properties)) {
			McpSessionsHealthIndicator health = context.getBean(McpSessionsHealthIndicator.class);
			assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(String.valueOf(health.health().getDetails().get("reason"))).startsWith("warming up");

			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
				.until(() -> Status.UP.equals(health.health().getStatus()));
			assertThat(context.getBean(io.github.mcpsessions.adapter.SessionPersistenceAdapter.class).heldSessionCount())
				.isZero();
		}
	}

	private Map<String, Object> database(TcpProxy proxy) {
		URI postgres = URI.create(JDBC_URL.substring("jdbc:".length()));
		String viaProxy = JDBC_URL.replace(postgres.getHost() + ":" + postgres.getPort(), "127.0.0.1:" + proxy.port());
		return Map.of("spring.datasource.url", viaProxy + (viaProxy.contains("?") ? "&" : "?") + "currentSchema=" + this.schema,
				"spring.datasource.hikari.connection-timeout", "500");
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(JDBC_URL)) {
			connection.createStatement().execute(sql);
		}
	}

}
