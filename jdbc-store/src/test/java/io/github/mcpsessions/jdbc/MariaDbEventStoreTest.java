package io.github.mcpsessions.jdbc;

/** The JDBC event store on a real MariaDb. */
class MariaDbEventStoreTest extends JdbcEventStoreContract {

	@Override
	protected TestDatabase database() {
		return TestDatabase.mariadb();
	}

}
