package io.github.mcpsessions.jdbc;

/** The JDBC event store on a real Postgres. */
class PostgresEventStoreTest extends JdbcEventStoreContract {

	@Override
	protected TestDatabase database() {
		return TestDatabase.postgres();
	}

}
