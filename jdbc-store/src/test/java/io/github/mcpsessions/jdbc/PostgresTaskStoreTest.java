package io.github.mcpsessions.jdbc;

/** The JDBC task store on a real Postgres. */
class PostgresTaskStoreTest extends JdbcTaskStoreContract {

	@Override
	protected TestDatabase database() {
		return TestDatabase.postgres();
	}

}
