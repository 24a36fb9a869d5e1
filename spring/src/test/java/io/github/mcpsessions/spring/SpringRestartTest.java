package io.github.mcpsessions.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.mcpsessions.jdbc.JdbcSessionRepository;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.testing.RequiredService;
import io.github.mcpsessions.testing.TestClients;
import io.github.mcpsessions.adapter.SessionPersistenceAdapter;
import io.modelcontextprotocol.client.McpSyncClient;

/**
 * A real Spring AI MCP server (streamable HTTP on WebMvc, or WebFlux in spring-webflux-tests) with only this starter added: a second
 * application context over the same PostgreSQL takes over the first one's port and session.
 */
class SpringRestartTest {

	private static final String JDBC_URL = System.getenv()
		.getOrDefault("MCP_SESSIONS_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

	private final String schema = "mcp_test_spring_" + Long.toHexString(System.nanoTime());

	@BeforeEach
	void createSchema() {
		execute("CREATE SCHEMA " + this.schema);
	}

	@AfterEach
	void dropSchema() {
		execute("DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
	}

	@Test
	void aSecondContextOverTheSamePostgresContinuesTheSession() {
		Map<String, Object> database = Map.of("spring.datasource.url",
				JDBC_URL + (JDBC_URL.contains("?") ? "&" : "?") + "currentSchema=" + this.schema);
		ConfigurableApplicationContext first = SpringMcpApp.start(0, database);
		int port = SpringMcpApp.port(first);
		McpSyncClient client = TestClients.client(SpringMcpApp.url(first));
		try {
			assertThat(first.getBean(SessionRepository.class)).isInstanceOf(JdbcSessionRepository.class);
			client.initialize();
			String before = TestClients.call(client, "whoami", Map.of());
			String sessionId = before.substring(0, before.indexOf(' '));
			assertThat(TestClients.call(client, "remember", Map.of("key", "colour", "value", "teal"))).isEqualTo("ok");
			first.close();

			try (ConfigurableApplicationContext second = SpringMcpApp.start(port, database)) {
				assertThat(TestClients.call(client, "whoami", Map.of())).isEqualTo(sessionId + " restored=true");
				assertThat(TestClients.call(client, "recall", Map.of("key", "colour"))).isEqualTo("teal");
				assertThat(second.getBean(SessionPersistenceAdapter.class).holds(sessionId)).isTrue();
			}
		}
		finally {
			client.closeGracefully();
			first.close();
		}
	}

	@Test
	void withoutADataSourceSessionsStayInMemory() {
		try (ConfigurableApplicationContext context = SpringMcpApp.start(0, SpringMcpApp.NO_DATA_SOURCE)) {
			assertThat(context.getBean(SessionRepository.class)).isInstanceOf(InMemorySessionRepository.class);
		}
	}

	private static void execute(String sql) {
		try (Connection connection = DriverManager.getConnection(JDBC_URL)) {
			connection.createStatement().execute(sql);
		}
		catch (SQLException ex) {
			throw RequiredService.unavailable("PostgreSQL", JDBC_URL, "MCP_SESSIONS_TEST_JDBC_URL", ex);
		}
	}

}
