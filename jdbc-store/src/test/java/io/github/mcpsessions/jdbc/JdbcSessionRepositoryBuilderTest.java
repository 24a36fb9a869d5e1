package io.github.mcpsessions.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import io.github.mcpsessions.repository.SessionStoreException;

/** Settings are checked when they are given, and name what is wrong. */
class JdbcSessionRepositoryBuilderTest {

	@Test
	void exactlyOneConnectionSourceIsRequired() {
		assertThatThrownBy(() -> JdbcSessionRepository.builder().build()).hasMessageContaining("exactly one");
		assertThatThrownBy(() -> JdbcSessionRepository.builder()
			.jdbcUrl("jdbc:h2:mem:x")
			.dataSource(new HikariDataSource())
			.build()).hasMessageContaining("exactly one");
	}

	@Test
	void badSettingsAreNamed() {
		assertThatThrownBy(() -> JdbcSessionRepository.builder().jdbcUrl("postgres://db/app"))
			.hasMessageContaining("jdbcUrl");
		assertThatThrownBy(() -> JdbcSessionRepository.builder().maximumPoolSize(50))
			.hasMessageContaining("maximumPoolSize");
		assertThatThrownBy(() -> JdbcSessionRepository.builder().connectionTimeout(Duration.ofMillis(10)))
			.hasMessageContaining("connectionTimeout");
		assertThatThrownBy(() -> JdbcSessionRepository.builder().queryTimeout(Duration.ZERO))
			.hasMessageContaining("queryTimeout");
	}

	@Test
	void aPoolFromAUrlHasSmallNamedDefaults() {
		try (JdbcSessionRepository repository = JdbcSessionRepository.builder()
			.jdbcUrl("jdbc:h2:mem:defaults")
			.createSchemaIfMissing(true)
			.build()) {
			HikariDataSource pool = (HikariDataSource) repository.dataSource();

			assertThat(pool.getPoolName()).isEqualTo("mcp-sessions");
			assertThat(pool.getMaximumPoolSize()).isEqualTo(5);
			assertThat(pool.getConnectionTimeout()).isEqualTo(3000);
			assertThat(repository.tableName()).isEqualTo("mcp_session");
			assertThat(repository.count()).isZero();
		}
	}

	@Test
	void closingLeavesTheApplicationsDataSourceOpen() {
		try (HikariDataSource own = new HikariDataSource()) {
			own.setJdbcUrl("jdbc:h2:mem:own");
			JdbcSessionRepository.builder().dataSource(own).createSchemaIfMissing(true).build().close();

			assertThat(own.isClosed()).isFalse();
		}
	}

	@Test
	void schemaCreationAgainstAnUnreachableDatabaseIsRetriedAndTheRepositorySaysWhyItIsNotReady() {
		try (JdbcSessionRepository repository = JdbcSessionRepository.builder()
			.jdbcUrl("jdbc:postgresql://127.0.0.1:1/none")
			.connectionTimeout(Duration.ofMillis(300))
			.createSchemaIfMissing(true)
			.build()) {
			assertThat(repository.readiness().ready()).isFalse();
			assertThat(repository.readiness().reason()).startsWith("PostgreSQL table mcp_session: ").contains("refused");
			assertThatThrownBy(() -> repository.findById("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
				.isInstanceOf(SessionStoreException.class);
		}
	}

	@Test
	void aPoolsJdbcUrlGivesTheDialectWithoutConnecting() {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none");
		pool.setInitializationFailTimeout(-1);
		pool.setConnectionTimeout(300);
		try (pool; JdbcSessionRepository repository = JdbcSessionRepository.builder().dataSource(pool).build()) {
			assertThat(repository.dialect()).isEqualTo(SqlDialect.POSTGRESQL);
			assertThat(repository.readiness().ready()).isFalse();
		}
	}

	@Test
	void anUnsupportedDatabaseIsNamedAtBuild() {
		assertThatThrownBy(() -> JdbcSessionRepository.builder().jdbcUrl("jdbc:sqlite:sessions.db").build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("sqlite");
	}

}
