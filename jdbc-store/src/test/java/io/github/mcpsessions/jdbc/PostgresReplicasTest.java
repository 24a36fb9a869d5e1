package io.github.mcpsessions.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.junit.jupiter.api.BeforeEach;

import io.github.mcpsessions.testing.ChannelOutsider;
import io.github.mcpsessions.testing.ReplicaContract;
import io.github.mcpsessions.testing.TestMcpServer;

/**
 * Two replicas over one PostgreSQL table, talking through {@code LISTEN/NOTIFY}: answers, notifications
 * and ended sessions reach the replica concerned.
 */
class PostgresReplicasTest extends ReplicaContract {

	private final TestDatabase database = TestDatabase.postgres();

	private String schema;

	private String channel;

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
		this.channel = "mcp_test_" + this.schema.substring("mcp_test_".length());
		this.busA = bus();
		this.busB = bus();
		this.a = TestMcpServer.builder(this.storeA).messageBus(this.busA).start();
		this.b = TestMcpServer.builder(this.storeB).messageBus(this.busB).start();
	}

	/** A role that may connect to the database and nothing more: no right on the session schema or table. */
	@Override
	protected ChannelOutsider outsider() {
		String role = this.schema + "_outsider";
		this.database.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'outsider'");
		List<String> heard = new CopyOnWriteArrayList<>();
		AtomicBoolean listening = new AtomicBoolean(true);
		Connection connection;
		Connection sending;
		try {
			connection = this.database.as(role, "outsider").connect();
			try (Statement statement = connection.createStatement()) {
				statement.execute("LISTEN " + this.channel);
			}
			sending = this.database.as(role, "outsider").connect();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		Thread listener = new Thread(() -> {
			while (listening.get()) {
				try {
					PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(100);
					for (PGNotification notification : notifications == null ? new PGNotification[0] : notifications) {
						heard.add(notification.getParameter());
					}
				}
				catch (SQLException ex) {
					return;
				}
			}
		});
		listener.start();
		return new ChannelOutsider() {
			@Override
			public List<String> heard() {
				return heard;
			}

			@Override
			public synchronized void send(String raw) {
				try (PreparedStatement notify = sending.prepareStatement("SELECT pg_notify(?, ?)")) {
					notify.setString(1, PostgresReplicasTest.this.channel);
					notify.setString(2, raw);
					notify.execute();
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			}

			@Override
			public synchronized boolean canReadSessions() {
				try (Statement statement = sending.createStatement()) {
					statement.executeQuery("SELECT attributes FROM " + PostgresReplicasTest.this.schema + ".mcp_session").close();
					return true;
				}
				catch (SQLException ex) {
					return false;
				}
			}

			@Override
			public void close() {
				listening.set(false);
				try {
					listener.join(2_000);
					connection.close();
					sending.close();
				}
				catch (InterruptedException | SQLException ex) {
					Thread.currentThread().interrupt();
				}
				PostgresReplicasTest.this.database.execute("DROP ROLE " + role);
			}
		};
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

	private PostgresSessionMessageBus bus() {
		return PostgresSessionMessageBus.builder()
			.jdbcUrl(this.database.url())
			.username(this.database.username())
			.password(this.database.password())
			.channel(this.channel)
			.build();
	}

}
