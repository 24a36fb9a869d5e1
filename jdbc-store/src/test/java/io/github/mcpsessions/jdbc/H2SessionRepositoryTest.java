package io.github.mcpsessions.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.internal.lifecycle.SessionIds;

/** The JDBC store on an embedded H2 database in files. */
class H2SessionRepositoryTest extends JdbcSessionRepositoryContract {

	private Path folder;

	@Override
	protected TestDatabase database() {
		try {
			this.folder = Files.createTempDirectory("mcp-sessions-h2");
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return TestDatabase.h2(this.folder);
	}

	@AfterAll
	void deleteFiles() throws Exception {
		try (var files = Files.walk(this.folder)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
	}

	/** Files no other pool holds open, so closing the pool really closes the database. */
	@Test
	void sessionsSurviveClosingAndReopeningTheDatabaseFiles() {
		String url = "jdbc:h2:file:" + this.folder.resolve("reopened").toAbsolutePath();
		String id = SessionIds.generate();
		try (JdbcSessionRepository first = JdbcSessionRepository.builder().jdbcUrl(url).createSchemaIfMissing(true).build()) {
			first.save(record(id, now().plusSeconds(60)));
		}

		try (JdbcSessionRepository second = JdbcSessionRepository.builder().jdbcUrl(url).build()) {
			assertThat(second.findById(id)).isPresent();
			assertThat(second.dialect()).isEqualTo(SqlDialect.H2);
		}
	}

}
