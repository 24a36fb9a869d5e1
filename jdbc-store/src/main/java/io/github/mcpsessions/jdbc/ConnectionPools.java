package io.github.mcpsessions.jdbc;

import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The HikariCP pool a {@link JdbcSessionRepository} makes from a JDBC URL. */
final class ConnectionPools {

	private ConnectionPools() {
	}

	/**
	 * @param queryTimeout bounds every read on a connection (twice it, at least 10 s), so a connection
	 * cut without a reset (a fail-over, a dropped route) fails instead of hanging its thread
	 */
	static HikariDataSource create(String jdbcUrl, String username, String password, String poolName,
			int maximumPoolSize, Duration connectionTimeout, Duration queryTimeout) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl);
		config.setUsername(username);
		config.setPassword(password);
		config.setPoolName(poolName);
		config.setMaximumPoolSize(maximumPoolSize);
		config.setMinimumIdle(1);
		config.setConnectionTimeout(connectionTimeout.toMillis());
		config.setValidationTimeout(Math.max(250, Math.min(2000, connectionTimeout.toMillis() / 2)));
		config.setIdleTimeout(Duration.ofMinutes(5).toMillis());
		config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
		// Start even while the database is down: calls then fail as a store outage (503), and the pool recovers.
		config.setInitializationFailTimeout(-1);
		long connectSeconds = Math.max(1, (connectionTimeout.toMillis() + 999) / 1000);
		long readMillis = Math.max(10_000, 2 * queryTimeout.toMillis());
		if (jdbcUrl.startsWith("jdbc:postgresql:")) {
			// Shows the pool's connections by name in pg_stat_activity.
			config.addDataSourceProperty("ApplicationName", poolName);
			config.addDataSourceProperty("connectTimeout", Long.toString(connectSeconds));
			config.addDataSourceProperty("loginTimeout", Long.toString(connectSeconds));
			config.addDataSourceProperty("socketTimeout", Long.toString(readMillis / 1000));
		}
		else if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
			config.addDataSourceProperty("connectTimeout", Long.toString(connectSeconds * 1000));
			config.addDataSourceProperty("socketTimeout", Long.toString(readMillis));
		}
		return new HikariDataSource(config);
	}

}
