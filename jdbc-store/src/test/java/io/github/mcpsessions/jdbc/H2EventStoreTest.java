package io.github.mcpsessions.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The JDBC event store on an embedded H2 database in files. */
class H2EventStoreTest extends JdbcEventStoreContract {

	@Override
	protected TestDatabase database() {
		try {
			return TestDatabase.h2(Files.createTempDirectory("mcp-sessions-h2-events"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
