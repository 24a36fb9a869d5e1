package io.github.mcpsessions.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.zaxxer.hikari.HikariDataSource;

import io.github.mcpsessions.repository.UnreadableRecordException;
import io.github.mcpsessions.tasks.TaskRecord;
import io.github.mcpsessions.tasks.TaskStore;
import io.github.mcpsessions.testing.TaskStoreContract;

/** The task store contract on a real database: a schema per test class, one table for its tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcTaskStoreContract extends TaskStoreContract {

	private static final AtomicInteger TABLES = new AtomicInteger();

	private TestDatabase database;

	private String schema;

	private HikariDataSource dataSource;

	private JdbcTaskStore store;

	private String table;

	protected abstract TestDatabase database();

	@BeforeAll
	void createSchema() {
		this.database = database();
		this.schema = this.database.createSchema();
		this.dataSource = this.database.dataSource("mcp-sessions-tasks-test");
		this.table = this.schema + ".tasks_" + TABLES.incrementAndGet();
		this.store = JdbcTaskStore.builder(this.dataSource)
			.tableName(this.table)
			.createSchemaIfMissing(true)
			.build();
	}

	@AfterAll
	void dropSchema() {
		if (this.dataSource != null) {
			this.dataSource.close();
		}
		if (this.schema != null) {
			this.database.dropSchema(this.schema);
		}
	}

	@Test
	void aRowThisLibraryDidNotWriteIsUnreadableNotUnknown() throws Exception {
		TaskRecord task = task(newId());
		this.store.create(task);
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement update = connection.prepareStatement("UPDATE " + this.table + " SET status = ? WHERE task_id = ?")) {
			update.setString(1, "paused");
			update.setString(2, task.id());
			update.executeUpdate();
		}

		assertThatExceptionOfType(UnreadableRecordException.class).isThrownBy(() -> this.store.find(task.id()))
			.satisfies(ex -> assertThat(ex.id()).isEqualTo(task.id()));
	}

	@Override
	protected TaskStore store() {
		return this.store;
	}

}
