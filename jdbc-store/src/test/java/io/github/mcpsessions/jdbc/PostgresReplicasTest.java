package io.github.mcpsessions.jdbc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.github.mcpsessions.testing.ReplicaContract;
import io.github.mcpsessions.testing.TestMcpServer;

/**
 * Two replicas over one PostgreSQL table, talking through {@code LISTEN/NOTIFY}: answers, notifications
 * and ended sessions reach the replica concerned.
 */
class PostgresReplicasTest extends ReplicaContract {

	private final TestDatabase database = TestDatabase.postgres();

	private String schema;

	private JdbcSessionRepository storeA;

	private JdbcSessionRepository storeB;

	private PostgresSessionMessageBus busA;

	private PostgresSessionMessageBus busB;

	PostgresReplicasTest() {
		super("PostgreSQL");
	}

	@BeforeEach
	void start() {
		this.schema = this.database.createSchema();
		this.storeA = repository();
		this.storeB = repository();
		String channel = "mcp_test_" + this.schema.substring("mcp_test_".length());
		this.busA = PostgresSessionMessageBus.create(this.database.url(), this.database.username(), this.database.password(), channel);
		this.busB = PostgresSessionMessageBus.create(this.database.url(), this.database.username(), this.database.password(), channel);
		this.a = TestMcpServer.builder(this.storeA).messageBus(this.busA).start();
		this.b = TestMcpServer.builder(this.storeB).messageBus(this.busB).start();
	}

	@AfterEach
	void stop() {
		this.a.close();
		this.b.close();
		this.busA.close();
		this.busB.close();
		this.storeA.close();
		this.storeB.close();
		this.database.dropSchema(this.schema);
	}

	private JdbcSessionRepository repository() {
		return JdbcSessionRepository.builder()
			.jdbcUrl(this.database.url())
			.username(this.database.username())
			.password(this.database.password())
			.tableName(this.schema + ".mcp_session")
			.createSchemaIfMissing(true)
			.build();
	}

}
