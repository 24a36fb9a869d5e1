package io.github.mcpsessions.tasks.quartz;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.internal.startup.BackgroundStart;
import io.github.mcpsessions.internal.startup.DataSourceUrls;

/**
 * A Quartz scheduler clustered over a JDBC database the application already has (PostgreSQL,
 * MariaDB/MySQL or H2): Quartz's {@code JobStoreTX} on {@code dataSource}, tables {@code QRTZ_*}
 * (create them with the script Quartz ships for the database,
 * {@code org/quartz/impl/jdbcjobstore/tables_postgres.sql} and its siblings, in your migrations),
 * every replica one node of the cluster {@code name}.
 *
 * @since 0.1.0
 */
public final class QuartzSchedulers {

	private QuartzSchedulers() {
	}

	/**
	 * A clustered scheduler, not started.
	 * @param name the cluster's name, the same on every replica
	 * @param threads how many tasks run at once on this replica
	 * @param checkinMillis how often this node tells the others it is alive; a dead node's rerunnable
	 *        tasks are fired again elsewhere a few of these after it died (Quartz's default is 7,500)
	 */
	public static Scheduler clustered(DataSource dataSource, String name, int threads, long checkinMillis) {
		Objects.requireNonNull(dataSource, "dataSource");
		String provider = "mcp-sessions-" + UUID.randomUUID();
		DBConnectionManager.getInstance().addConnectionProvider(provider, new ConnectionProvider() {

			@Override
			public Connection getConnection() throws SQLException {
				return dataSource.getConnection();
			}

			@Override
			public void shutdown() {
			}

			@Override
			public void initialize() {
			}

		});
		Properties properties = new Properties();
		properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, name);
		properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, "AUTO");
		properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
		properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
		properties.setProperty("org.quartz.jobStore.driverDelegateClass", delegate(dataSource));
		properties.setProperty("org.quartz.jobStore.dataSource", provider);
		properties.setProperty("org.quartz.jobStore.isClustered", "true");
		properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(checkinMillis));
		properties.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
		properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
		properties.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
		try {
			return new StdSchedulerFactory(properties).getScheduler();
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("Quartz did not start on " + name + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Creates Quartz's tables ({@code QRTZ_*}) with the script Quartz ships for the database
	 * (PostgreSQL, MariaDB/MySQL or H2) if they are not there: the quick start; in production put the
	 * script in your migrations.
	 */
	public static void createTablesIfMissing(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			if (tablesExist(connection)) {
				return;
			}
			String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
			String script = product.contains("postgres") ? "tables_postgres.sql"
					: product.contains("h2") ? "tables_h2.sql" : "tables_mysql_innodb.sql";
			String text;
			try (InputStream in = Scheduler.class.getResourceAsStream("/org/quartz/impl/jdbcjobstore/" + script)) {
				text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^\\s*(--|#).*$", "");
			}
			try (Statement statement = connection.createStatement()) {
				for (String sql : text.split(";")) {
					String trimmed = sql.strip();
					String upper = trimmed.toUpperCase(Locale.ROOT);
					if (!trimmed.isEmpty() && !upper.startsWith("DROP") && !upper.equals("COMMIT")) {
						statement.execute(trimmed);
					}
				}
			}
			catch (SQLException ex) {
				// another replica starting at the same moment may have created them first
				if (!tablesExist(connection)) {
					throw ex;
				}
			}
		}
		catch (SQLException | IOException ex) {
			throw new IllegalStateException("Could not create the Quartz tables: " + ex.getMessage(), ex);
		}
	}

	/** The JDBC URL a pool tells without connecting (HikariCP's {@code getJdbcUrl}, a driver's {@code getUrl}), or {@code null}. */
	private static boolean tablesExist(Connection connection) throws SQLException {
		for (String name : new String[] { "qrtz_job_details", "QRTZ_JOB_DETAILS" }) {
			try (ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), null, name, null)) {
				if (tables.next()) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Creates the tables if asked and starts {@code scheduler}: now, or while the database is down,
	 * in the background with back-off until it answers, so a replica starts without its database.
	 * @return whether it started, and if not why (for health endpoints)
	 */
	public static Supplier<Readiness> startInBackground(Scheduler scheduler, DataSource dataSource, boolean createTables) {
		Objects.requireNonNull(scheduler, "scheduler");
		Objects.requireNonNull(dataSource, "dataSource");
		BackgroundStart start = BackgroundStart.begin("Quartz scheduler", () -> {
			if (createTables) {
				createTablesIfMissing(dataSource);
			}
			scheduler.start();
		});
		return start::readiness;
	}

	private static String delegate(DataSource dataSource) {
		String url = DataSourceUrls.jdbcUrlOf(dataSource);
		if (url != null) {
			// Known without connecting, so a scheduler is made while the database is down.
			return url.startsWith("jdbc:postgresql:") ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
					: "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";
		}
		try (Connection connection = dataSource.getConnection()) {
			String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
			return product.contains("postgres") ? "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate"
					: "org.quartz.impl.jdbcjobstore.StdJDBCDelegate";
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The database of the Quartz job store cannot be reached: " + ex.getMessage(), ex);
		}
	}

}
