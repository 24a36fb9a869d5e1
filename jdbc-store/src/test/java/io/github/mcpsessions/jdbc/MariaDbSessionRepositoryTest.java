package io.github.mcpsessions.jdbc;

/** The JDBC store on a real MariaDB. */
class MariaDbSessionRepositoryTest extends JdbcSessionRepositoryContract {

	@Override
	protected TestDatabase database() {
		return TestDatabase.mariadb();
	}

}
