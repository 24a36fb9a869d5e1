package io.github.mcpsessions.jdbc;

import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The HikariCP pool a {@link JdbcSessionRepository} makes from a JDBC URL. */
final class ConnectionPools {

	private ConnectionPools() {
	}

	static HikariDataSource create(String jdbcUrl, String username, String password, String poolName,
			int maximumPoolSize, Duration connectionTimeout) {
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
		if (jdbcUrl.startsWith("jdbc:postgresql:")) {
			// Shows the pool's connections by name in pg_stat_activity.
			config.addDataSourceProperty("ApplicationName", poolName);
		}
		return new HikariDataSource(config);
	}

}
