package io.github.mcpsessions.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

import com.zaxxer.hikari.HikariDataSource;

import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.testing.StateHandlesContract;

/** State handles kept in a table of their own, on real PostgreSQL and on H2 files. */
class JdbcStateHandlesTest {

	private static final AtomicInteger TABLES = new AtomicInteger();

	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	abstract static class OnDatabase extends StateHandlesContract {

		private TestDatabase database;

		private String schema;

		private HikariDataSource dataSource;

		private final List<JdbcSessionRepository> opened = new ArrayList<>();

		abstract TestDatabase database();

		@BeforeAll
		void createSchema() {
			this.database = database();
			this.schema = this.database.createSchema();
			this.dataSource = this.database.dataSource("mcp-sessions-handles-test");
		}

		@AfterAll
		void dropSchema() {
			this.opened.forEach(JdbcSessionRepository::close);
			this.dataSource.close();
			this.database.dropSchema(this.schema);
		}

		@Override
		protected SessionRepository handleStore() {
			JdbcSessionRepository store = JdbcSessionRepository.builder()
				.dataSource(this.dataSource)
				.tableName(this.schema + ".mcp_state_" + TABLES.incrementAndGet())
				.createSchemaIfMissing(true)
				.build();
			this.opened.add(store);
			return store;
		}

	}

	@Nested
	class OnPostgres extends OnDatabase {

		@Override
		TestDatabase database() {
			return TestDatabase.postgres();
		}

	}

	@Nested
	class OnH2 extends OnDatabase {

		@Override
		TestDatabase database() {
			try {
				return TestDatabase.h2(Files.createTempDirectory("mcp-sessions-handles"));
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}

	}

}
