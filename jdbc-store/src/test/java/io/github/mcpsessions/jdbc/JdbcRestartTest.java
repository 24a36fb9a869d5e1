package io.github.mcpsessions.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpsessions.testing.TestClients;
import io.github.mcpsessions.testing.TestMcpServer;
import io.modelcontextprotocol.client.McpSyncClient;

/**
 * A server over a real database stops completely; a new one, with its own pool, takes over its
 * port and table. The SDK client goes on with the same session.
 */
class JdbcRestartTest {

	@Test
	void sessionSurvivesARestartOverPostgres() {
		TestDatabase database = TestDatabase.postgres();
		String schema = database.createSchema();
		try {
			restartKeepsTheSession(database, schema + ".mcp_session");
		}
		finally {
			database.dropSchema(schema);
		}
	}

	@Test
	void sessionSurvivesARestartOverH2Files(@TempDir Path folder) {
		restartKeepsTheSession(TestDatabase.h2(folder), "mcp_session");
	}

	private static void restartKeepsTheSession(TestDatabase database, String table) {
		JdbcSessionRepository firstStore = repository(database, table);
		TestMcpServer first = TestMcpServer.builder(firstStore).start();
		int port = first.port();
		McpSyncClient client = TestClients.client(first.url());
		try {
			client.initialize();
			String before = TestClients.call(client, "whoami", Map.of());
			String sessionId = before.substring(0, before.indexOf(' '));
			assertThat(TestClients.call(client, "remember", Map.of("key", "colour", "value", "teal"))).isEqualTo("ok");
			first.close();
			firstStore.close();

			try (JdbcSessionRepository secondStore = repository(database, table);
					TestMcpServer second = TestMcpServer.builder(secondStore).port(port).start()) {
				assertThat(secondStore.findById(sessionId).orElseThrow().userAttributes()).containsEntry("colour", "teal");

				assertThat(TestClients.call(client, "whoami", Map.of())).isEqualTo(sessionId + " restored=true");
				assertThat(TestClients.call(client, "recall", Map.of("key", "colour"))).isEqualTo("teal");
				assertThat(second.restores()).isEqualTo(1);
			}
		}
		finally {
			client.closeGracefully();
			first.close();
			firstStore.close();
		}
	}

	private static JdbcSessionRepository repository(TestDatabase database, String table) {
		return JdbcSessionRepository.builder()
			.jdbcUrl(database.url())
			.username(database.username())
			.password(database.password())
			.tableName(table)
			.createSchemaIfMissing(true)
			.build();
	}

}
