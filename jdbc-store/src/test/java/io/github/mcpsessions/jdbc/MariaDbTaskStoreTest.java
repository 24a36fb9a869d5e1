package io.github.mcpsessions.jdbc;

/** The JDBC task store on a real MariaDB. */
class MariaDbTaskStoreTest extends JdbcTaskStoreContract {

	@Override
	protected TestDatabase database() {
		return TestDatabase.mariadb();
	}

}
