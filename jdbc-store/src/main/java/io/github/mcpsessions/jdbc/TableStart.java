package io.github.mcpsessions.jdbc;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

import io.github.mcpsessions.internal.startup.BackgroundStart;
import io.github.mcpsessions.repository.SessionStoreException;

/** The start of the event and task stores: their table checked, and created first if asked, in the background. */
final class TableStart {

	private TableStart() {
	}

	/**
	 * @param what the table's kind, for logs and readiness ({@code "event"}, {@code "task"})
	 * @param createTable the statements that create it, {@code ;}-separated, or {@code null} to only check it
	 */
	static BackgroundStart begin(Jdbi jdbi, String what, String table, String createTable) {
		return BackgroundStart.begin(what + " table " + table, () -> {
			try {
				jdbi.useHandle(handle -> {
					if (createTable != null) {
						for (String statement : createTable.split(";")) {
							handle.execute(statement);
						}
					}
					handle.createQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").mapTo(Integer.class).findOne();
				});
			}
			catch (JdbiException ex) {
				throw new SessionStoreException("Could not find the " + what + " table " + table + ": "
						+ JdbcSessionRepository.rootMessage(ex), ex);
			}
		});
	}

}
