package io.github.mcpsessions.jdbc;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpsessions.testing.StoreScenarios;

/** A server over a real database stops; a new one, with its own pool, takes over its port and table. */
class JdbcRestartTest {

	@Test
	void sessionSurvivesARestartOverPostgres() {
		TestDatabase database = TestDatabase.postgres();
		String schema = database.createSchema();
		try {
			StoreScenarios.restartKeepsTheSession(() -> repository(database, schema + ".mcp_session"));
		}
		finally {
			database.dropSchema(schema);
		}
	}

	@Test
	void sessionSurvivesARestartOverH2Files(@TempDir Path folder) {
		StoreScenarios.restartKeepsTheSession(() -> repository(TestDatabase.h2(folder), "mcp_session"));
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
