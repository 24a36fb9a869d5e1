package io.github.mcpsessions.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.internal.startup.BackgroundStart;
import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.messaging.SessionMessageSubscribers;
import io.github.mcpsessions.repository.SessionStoreException;

/**
 * A {@link SessionMessageBus} on PostgreSQL {@code LISTEN/NOTIFY}: every replica listens on one
 * channel (default {@value #DEFAULT_CHANNEL}) over one connection of its own, kept open and
 * re-opened after a failure. Frames longer than a notification can carry (8000 bytes) are sent
 * in parts and put together again on arrival.
 *
 * <p>Any role that can connect to the database can {@code LISTEN} and {@code NOTIFY} on any
 * channel; frames are sealed by the library (see {@link SessionMessageBus}), and what arrives is
 * read defensively: a notification that is not a frame or a well-formed part is dropped with a
 * rate-limited WARN and never stops the listener; reassembly is bounded (see {@link NotificationParts}).
 *
 * <p>The listening connection is taken from the {@link DataSource} given (and held, so a pool
 * has one connection fewer) or opened with the JDBC URL given, outside any pool. Thread-safe;
 * subscribers are called in order on the listening thread.
 *
 * @since 0.1.0
 */
public final class PostgresSessionMessageBus implements SessionMessageBus {

	private static final Logger logger = LoggerFactory.getLogger(PostgresSessionMessageBus.class);

	/** The channel replicas talk on unless configured otherwise. */
	public static final String DEFAULT_CHANNEL = "mcp_sessions";

	private static final Pattern CHANNEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

	private final ConnectionSource connections;

	private final String channel;

	private final SessionMessageSubscribers subscribers;

	private final NotificationParts parts;

	private final Thread listener;

	private final Object publishLock = new Object();

	private volatile boolean closed;

	private volatile Connection listening;

	private Connection publishing;

	private volatile boolean listened;

	private final CountDownLatch firstListen = new CountDownLatch(1);

	private volatile String listenFailure = "not listening yet";

	private PostgresSessionMessageBus(ConnectionSource connections, String channel) {
		this.connections = connections;
		this.channel = channel;
		this.subscribers = new SessionMessageSubscribers("PostgreSQL channel " + channel);
		this.parts = new NotificationParts(this.subscribers::dropped);
		this.listener = new Thread(this::receiveLoop, "mcp-sessions-pg-listen");
		this.listener.setDaemon(true);
		this.listener.start();
		try {
			// The first LISTEN, so a database that is up makes the bus ready when built, and one that is down delays it little.
			this.firstListen.await(BackgroundStart.FIRST_ATTEMPT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Starts a bus; give it a {@link Builder#jdbcUrl JDBC URL} or a {@link Builder#dataSource DataSource}. */
	public static Builder builder() {
		return new Builder();
	}

	private static String checkChannel(String channel) {
		if (channel == null || !CHANNEL.matcher(channel).matches()) {
			throw new IllegalArgumentException("channel must be an unquoted SQL identifier such as " + DEFAULT_CHANNEL
					+ ", but was '" + channel + "'");
		}
		return channel;
	}

	@Override
	public void publish(String frame) {
		List<String> notifications = NotificationParts.split(frame);
		synchronized (this.publishLock) {
			try {
				if (this.publishing == null || this.publishing.isClosed()) {
					this.publishing = this.connections.open();
				}
				try (PreparedStatement notify = this.publishing.prepareStatement("SELECT pg_notify(?, ?)")) {
					for (String payload : notifications) {
						notify.setString(1, this.channel);
						notify.setString(2, payload);
						notify.execute();
					}
				}
			}
			catch (SQLException ex) {
				closeQuietly(this.publishing);
				this.publishing = null;
				throw new SessionStoreException("Could not notify PostgreSQL channel " + this.channel + ": " + ex.getMessage(), ex);
			}
		}
	}

	/** Ready once it listened on its channel; losing the connection later shows in the replicas' heartbeats. */
	@Override
	public Readiness readiness() {
		return this.listened ? Readiness.READY : Readiness.notReady("PostgreSQL channel " + this.channel + ": " + this.listenFailure);
	}

	@Override
	public void subscribe(Consumer<String> subscriber) {
		this.subscribers.add(subscriber);
	}

	private Connection listen() {
		try {
			Connection connection = this.connections.open();
			connection.setAutoCommit(true);
			try (Statement statement = connection.createStatement()) {
				statement.execute("LISTEN " + this.channel);
			}
			return connection;
		}
		catch (SQLException ex) {
			throw new SessionStoreException("Could not LISTEN on PostgreSQL channel " + this.channel + ": " + ex.getMessage(), ex);
		}
	}

	private void receiveLoop() {
		long backoffMillis = 100;
		while (!this.closed) {
			try {
				Connection connection = this.listening;
				if (connection == null) {
					connection = listen();
					this.listening = connection;
					if (this.listened || this.firstListen.getCount() == 0) {
						logger.info("Listening {}on PostgreSQL channel {}", this.listened ? "again " : "", this.channel);
					}
					this.listened = true;
					this.firstListen.countDown();
					backoffMillis = 100;
				}
				PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(500);
				if (notifications != null) {
					for (PGNotification notification : notifications) {
						receiveSafely(notification.getParameter());
					}
				}
				this.parts.dropStale(System.nanoTime());
			}
			catch (SQLException | RuntimeException ex) {
				if (this.closed) {
					return;
				}
				this.listenFailure = ex.getMessage();
				if (this.listened) {
					logger.warn("Lost the PostgreSQL channel {} (retrying in {} ms): {}", this.channel, backoffMillis, ex.getMessage());
				}
				else if (this.firstListen.getCount() > 0) {
					logger.warn("Cannot LISTEN on PostgreSQL channel {} yet; retrying in the background: {}", this.channel,
							ex.getMessage());
				}
				this.firstListen.countDown();

				closeQuietly(this.listening);
				this.listening = null;
				LockSupport.parkNanos(Duration.ofMillis(backoffMillis).toNanos());
				backoffMillis = Math.min(backoffMillis * 2, 5_000);
			}
		}
	}

	private void receiveSafely(String payload) {
		try {
			receive(payload);
		}
		catch (RuntimeException ex) {
			this.subscribers.dropped("a notification could not be handled: " + ex.getClass().getSimpleName());
		}
	}

	private void receive(String payload) {
		if (!NotificationParts.isPart(payload)) {
			this.subscribers.deliver(payload);
			return;
		}
		String whole = this.parts.join(payload);
		if (whole != null) {
			this.subscribers.deliver(whole);
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.listener.interrupt();
		closeQuietly(this.listening);
		synchronized (this.publishLock) {
			closeQuietly(this.publishing);
		}
	}

	private static void closeQuietly(Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException ex) {
				// closing anyway
			}
		}
	}

	@FunctionalInterface
	private interface ConnectionSource {

		Connection open() throws SQLException;

	}

	/**
	 * Configures a {@link PostgresSessionMessageBus}: exactly one of {@link #jdbcUrl} and
	 * {@link #dataSource}; the channel is {@value PostgresSessionMessageBus#DEFAULT_CHANNEL} unless set.
	 * Checked once, at {@link #build()}.
	 */
	public static final class Builder {

		private String jdbcUrl;

		private String username;

		private String password;

		private DataSource dataSource;

		private String channel = DEFAULT_CHANNEL;

		private Builder() {
		}

		/** Listens and publishes on connections of its own to this PostgreSQL URL. */
		public Builder jdbcUrl(String jdbcUrl) {
			this.jdbcUrl = jdbcUrl;
			return this;
		}

		/** Credentials for {@link #jdbcUrl}, unless the URL has them. */
		public Builder username(String username) {
			this.username = username;
			return this;
		}

		public Builder password(String password) {
			this.password = password;
			return this;
		}

		/** Takes its two connections (listen, publish) from the application's PostgreSQL pool instead. */
		public Builder dataSource(DataSource dataSource) {
			this.dataSource = dataSource;
			return this;
		}

		/** The {@code NOTIFY} channel, an unquoted SQL identifier; every replica must use the same. */
		public Builder channel(String channel) {
			this.channel = channel;
			return this;
		}

		/**
		 * Connects and starts listening: once here, and if the database cannot be reached, again and
		 * again in the background (back-off up to 5 s) until it can; {@code readiness()} says whether
		 * it listens. Frames published meanwhile fail as a store outage.
		 * @throws IllegalStateException if neither or both of a URL and a data source were given
		 * @throws IllegalArgumentException if the channel is not an unquoted SQL identifier
		 */
		public PostgresSessionMessageBus build() {
			if ((this.jdbcUrl == null) == (this.dataSource == null)) {
				throw new IllegalStateException("give exactly one of jdbcUrl and dataSource");
			}
			String checked = checkChannel(this.channel);
			if (this.dataSource != null) {
				DataSource source = this.dataSource;
				return new PostgresSessionMessageBus(source::getConnection, checked);
			}
			Properties properties = new Properties();
			if (this.username != null) {
				properties.setProperty("user", this.username);
			}
			if (this.password != null) {
				properties.setProperty("password", this.password);
			}
			properties.setProperty("ApplicationName", "mcp-sessions-bus");
			String url = this.jdbcUrl;
			return new PostgresSessionMessageBus(() -> DriverManager.getConnection(url, properties), checked);
		}

	}

}
