package io.github.mcpsessions.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionTableTest {

	@ParameterizedTest
	@ValueSource(strings = { "mcp_session", "app.mcp_session", "Sessions2", "_x" })
	void plainAndSchemaQualifiedIdentifiersAreAccepted(String name) {
		assertThat(new SessionTable(SqlDialect.POSTGRESQL, name).find).contains("FROM " + name + " WHERE");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "mcp session", "s; DROP TABLE users", "\"quoted\"", "a.b.c", "1table", "t--",
			"x234567890123456789012345678901234567890123456789012345678901234" })
	void anythingElseIsRefusedBeforeItReachesSql(String name) {
		assertThatThrownBy(() -> JdbcSessionRepository.builder().tableName(name))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("tableName");
	}

	@Test
	void schemaScriptIsRewrittenForTheTableName() {
		String script = "CREATE TABLE IF NOT EXISTS mcp_session (id INT);\n"
				+ "CREATE INDEX IF NOT EXISTS mcp_session_expires_at_idx ON mcp_session (expires_at);";

		assertThat(new SessionTable(SqlDialect.POSTGRESQL, "app.sessions").schemaScript(script))
			.isEqualTo("CREATE TABLE IF NOT EXISTS app.sessions (id INT);\n"
					+ "CREATE INDEX IF NOT EXISTS sessions_expires_at_idx ON app.sessions (expires_at);");
		assertThat(new SessionTable(SqlDialect.H2, "app.sessions").schemaScript(script))
			.contains("CREATE INDEX IF NOT EXISTS app.sessions_expires_at_idx ON app.sessions");
	}

	@Test
	void shippedScriptsSplitIntoStatements() {
		assertThat(SchemaScript.statements("-- comment\nCREATE TABLE t (a INT);\nCREATE INDEX i ON t (a);\n"))
			.containsExactly("CREATE TABLE t (a INT)", "CREATE INDEX i ON t (a)");
	}

	@Test
	void dialectsAreNamedByUrlAndProduct() {
		assertThat(SqlDialect.forJdbcUrl("jdbc:postgresql://db/app")).isEqualTo(SqlDialect.POSTGRESQL);
		assertThat(SqlDialect.forJdbcUrl("jdbc:h2:file:./data/sessions")).isEqualTo(SqlDialect.H2);
		assertThat(SqlDialect.forJdbcUrl("jdbc:mysql://db/app")).isEqualTo(SqlDialect.MARIADB);
		assertThat(SqlDialect.forProductName("MariaDB")).isEqualTo(SqlDialect.MARIADB);
		assertThatThrownBy(() -> SqlDialect.forJdbcUrl("jdbc:oracle:thin:@db:1521/app"))
			.hasMessageContaining("oracle")
			.hasMessageContaining("implement SessionRepository");
	}

}
