package io.github.mcpsessions.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The JDBC task store on an embedded H2 database in files. */
class H2TaskStoreTest extends JdbcTaskStoreContract {

	@Override
	protected TestDatabase database() {
		try {
			return TestDatabase.h2(Files.createTempDirectory("mcp-sessions-h2-tasks"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
