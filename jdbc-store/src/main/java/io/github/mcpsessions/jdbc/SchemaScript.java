package io.github.mcpsessions.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the shipped schema script for a session table, for {@code createSchemaIfMissing}. */
final class SchemaScript {

	private static final Logger logger = LoggerFactory.getLogger(SchemaScript.class);

	private SchemaScript() {
	}

	/**
	 * Creates the table and its index unless they exist. Every statement is {@code IF NOT EXISTS};
	 * if two replicas race and one fails, the table the other made is accepted.
	 */
	static void createIfMissing(Jdbi jdbi, SessionTable table) {
		if (exists(jdbi, table)) {
			return;
		}
		List<String> statements = statements(table.schemaScript(load(table.dialect().schemaScript())));
		try {
			jdbi.useHandle(handle -> statements.forEach(handle::execute));
			logger.info("Created session table {}", table);
		}
		catch (JdbiException ex) {
			if (!exists(jdbi, table)) {
				throw ex;
			}
		}
	}

	static boolean exists(Jdbi jdbi, SessionTable table) {
		try (Handle handle = jdbi.open()) {
			handle.createQuery(table.count + " WHERE 1 = 0").mapTo(Long.class).one();
			return true;
		}
		catch (JdbiException ex) {
			return false;
		}
	}

	static List<String> statements(String script) {
		String withoutComments = script.lines()
			.filter(line -> !line.stripLeading().startsWith("--"))
			.collect(Collectors.joining("\n"));
		return Arrays.stream(withoutComments.split(";\\s*(\\n|$)")).map(String::strip).filter(s -> !s.isEmpty()).toList();
	}

	private static String load(String location) {
		try (InputStream in = SchemaScript.class.getClassLoader().getResourceAsStream(location)) {
			if (in == null) {
				throw new IllegalStateException("Schema script " + location + " is missing from the class path");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
