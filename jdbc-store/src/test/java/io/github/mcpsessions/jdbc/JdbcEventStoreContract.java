package io.github.mcpsessions.jdbc;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import com.zaxxer.hikari.HikariDataSource;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.testing.EventStoreContract;

/** The event store contract on a real database: a schema per test class, a table per test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcEventStoreContract extends EventStoreContract {

	private static final AtomicInteger TABLES = new AtomicInteger();

	private TestDatabase database;

	private String schema;

	private HikariDataSource dataSource;

	protected abstract TestDatabase database();

	@BeforeAll
	void createSchema() {
		this.database = database();
		this.schema = this.database.createSchema();
		this.dataSource = this.database.dataSource("mcp-sessions-events-test");
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

	@Override
	protected EventStore store() {
		return JdbcEventStore.builder(this.dataSource)
			.tableName(this.schema + ".events_" + TABLES.incrementAndGet())
			.createSchemaIfMissing(true)
			.maxEventsPerStream(MAX_EVENTS_PER_STREAM)
			.clock(this.clock)
			.build();
	}

}
