package io.github.mcpsessions.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.internal.SettingChecks;
import io.github.mcpsessions.internal.startup.BackgroundStart;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionCounter;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.repository.SessionsByOwner;
import io.github.mcpsessions.repository.SharedSecrets;
import io.github.mcpsessions.repository.UnreadableRecordException;

/**
 * A {@link SessionRepository} in Redis: one hash per session at {@code keyPrefix + id}, expiring
 * by Redis itself at the record's expires-at ({@code PEXPIREAT}).
 *
 * <p>Each write is one Lua script on one key, so it is atomic and Redis Cluster safe: a save
 * replaces the hash, a touch moves two fields and the expiry of an existing hash, an attribute
 * change sets or removes only its own fields (two replicas writing different names lose neither).
 * An absolute max lifetime is honoured because the expiry policy never sets expires-at past it.
 * Redis expires records itself, so there is no {@link #expiredSessionSweeper() sweeper}; {@link #count} and
 * {@link #findIdsByOwner} walk the prefix with {@code SCAN}.
 *
 * <p>All calls share one thread-safe Lettuce connection, opened on first use and reconnected by
 * Lettuce after a failure. Redis failures and timeouts are thrown as {@link SessionStoreException}.
 * {@link #close()} closes the connection and client if this repository made them.
 *
 * @since 0.1.0
 */
public final class RedisSessionRepository implements SessionRepository, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisSessionRepository.class);

	/** The default key prefix; a session's key is the prefix followed by its id. */
	public static final String DEFAULT_KEY_PREFIX = "mcp:session:";

	private final RedisSessionConnection connection;

	private final String keyPrefix;

	private final String description;

	private final BackgroundStart start;

	private RedisSessionRepository(RedisSessionConnection connection, String keyPrefix, String description) {
		this.connection = connection;
		this.keyPrefix = keyPrefix;
		this.description = description;
		this.start = BackgroundStart.begin(description, () -> connection.commands().ping());
	}

	/** Ready once Redis answered (connecting is retried in the background); stores built on it share this. */
	@Override
	public Readiness readiness() {
		return this.start.readiness();
	}

	/** Starts a repository; give it a {@link Builder#uri URI}, a {@link Builder#client client} or a {@link Builder#connection connection}. */
	public static Builder builder() {
		return new Builder();
	}

	/** The prefix of every session key, as configured. */
	public String keyPrefix() {
		return this.keyPrefix;
	}

	@Override
	public void save(McpSessionRecord record) {
		Objects.requireNonNull(record, "record");
		List<String> arguments = new ArrayList<>();
		arguments.add(SessionHash.millis(record.expiresAt()));
		SessionHash.fields(record).forEach((field, value) -> {
			arguments.add(field);
			arguments.add(value);
		});
		call("save session", commands -> RedisScript.SAVE.run(commands, key(record.id()), arguments.toArray(String[]::new)));
	}

	@Override
	public Optional<McpSessionRecord> findById(String id) {
		Map<String, String> fields = call("find session", commands -> commands.hgetall(key(id)));
		return SessionHash.record(id, fields);
	}

	@Override
	public boolean touch(String id, Instant lastAccessedAt, Instant expiresAt) {
		return call("touch session", commands -> RedisScript.TOUCH.run(commands, key(id),
				SessionHash.millis(lastAccessedAt), SessionHash.millis(expiresAt))) == 1;
	}

	@Override
	public boolean updateAttributes(String id, Map<String, String> changes) {
		List<String> arguments = new ArrayList<>();
		changes.forEach((name, value) -> {
			arguments.add(value == null ? "d" : "s");
			arguments.add(SessionHash.ATTRIBUTE_PREFIX + name);
			if (value != null) {
				arguments.add(value);
			}
		});
		return call("update session attributes",
				commands -> RedisScript.UPDATE_FIELDS.run(commands, key(id), arguments.toArray(String[]::new))) == 1;
	}

	@Override
	public boolean deleteById(String id) {
		return call("delete session", commands -> commands.del(key(id))) > 0;
	}

	/**
	 * Secrets are plain string keys under the session prefix ({@code keyPrefix + "~secret:" + name},
	 * never a session id), so an ACL that grants the session keys grants them and nothing else
	 * does; {@code SET NX} makes the first replica's candidate the secret.
	 */
	@Override
	public Optional<SharedSecrets> sharedSecrets() {
		return Optional.of((name, candidate) -> {
			String key = this.keyPrefix + "~secret:" + name;
			String stored = call("store a shared secret", commands -> {
				commands.set(key, Base64.getEncoder().encodeToString(candidate), SetArgs.Builder.nx());
				return commands.get(key);
			});
			try {
				return Base64.getDecoder().decode(stored);
			}
			catch (IllegalArgumentException | NullPointerException ex) {
				throw new UnreadableRecordException(key, "a shared secret key without a base64 value", ex);
			}
		});
	}

	/** Counts the keys under the prefix with {@code SCAN} (never {@code KEYS}): a walk of the keyspace, for health pages, not hot paths. */
	public long count() {
		return call("count sessions", commands -> {
			long[] total = { 0 };
			scanSessionKeys(commands, keys -> {
				total[0] += keys.size();
				return true;
			});
			return total[0];
		});
	}

	/**
	 * The ids of up to {@code limit} sessions bound to {@code owner}. This store keeps no index by
	 * owner (one would be a second key per write, outside one key's atomicity and Redis Cluster's
	 * slot), so this walks the keys under the prefix with {@code SCAN} and reads each one's owner:
	 * for an administrative action, not a hot path.
	 */
	public List<String> findIdsByOwner(String owner, int limit) {
		Objects.requireNonNull(owner, "owner");
		return call("find sessions by owner", commands -> {
			List<String> ids = new ArrayList<>();
			scanSessionKeys(commands, keys -> {
				for (String key : keys) {
					if (ids.size() < limit && owner.equals(commands.hget(key, SessionHash.OWNER))) {
						ids.add(key.substring(this.keyPrefix.length()));
					}
				}
				return ids.size() < limit;
			});
			return ids;
		});
	}

	/** Walks the session keys (not the secrets) a page at a time while {@code page} answers true. */
	private void scanSessionKeys(RedisClusterCommands<String, String> commands, Function<List<String>, Boolean> page) {
		ScanArgs matching = ScanArgs.Builder.matches(globEscaped(this.keyPrefix) + "*").limit(1000);
		KeyScanCursor<String> cursor = commands.scan(matching);
		while (true) {
			List<String> sessionKeys = cursor.getKeys().stream()
				.filter(key -> key.indexOf('~', this.keyPrefix.length()) < 0)
				.toList();
			if (!page.apply(sessionKeys) || cursor.isFinished()) {
				return;
			}
			cursor = commands.scan(cursor, matching);
		}
	}

	@Override
	public Optional<SessionCounter> counter() {
		return Optional.of(this::count);
	}

	/** Redis deletes expired sessions itself: no sweeper. */
	@Override
	public Optional<SessionsByOwner> sessionsByOwner() {
		return Optional.of(this::findIdsByOwner);
	}

	@Override
	public void close() {
		this.start.close();
		this.connection.close();
	}

	/** The connection this repository shares with stores built on it ({@link RedisEventStore#builder}). */
	RedisSessionConnection connection() {
		return this.connection;
	}

	String description() {
		return this.description;
	}

	@Override
	public String toString() {
		return "RedisSessionRepository[" + this.description + "]";
	}

	private String key(String id) {
		return this.keyPrefix + id;
	}

	private <T> T call(String action, Function<RedisClusterCommands<String, String>, T> work) {
		try {
			return work.apply(this.connection.commands());
		}
		catch (RedisException ex) {
			throw new SessionStoreException("Could not " + action + " in " + this.description + ": " + message(ex), ex);
		}
	}

	private static String message(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause == ex ? ex.getMessage() : ex.getMessage() + " (" + cause.getMessage() + ")";
	}

	static String globEscaped(String text) {
		return text.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
	}

	/**
	 * Configures a {@link RedisSessionRepository}. Give exactly one of {@link #uri}, {@link #client}
	 * and {@link #connection}. For a URI this repository makes the client with: commands time out
	 * after 2 s, connecting times out after 2 s, commands are refused at once (not queued) while
	 * disconnected (in cluster mode they wait, bounded by the timeout), and reconnect attempts back
	 * off from 10 ms to 5 s.
	 */
	public static final class Builder {

		private String uri;

		private boolean cluster;

		private AbstractRedisClient client;

		private StatefulConnection<String, String> connection;

		private String keyPrefix = DEFAULT_KEY_PREFIX;

		private Duration commandTimeout = Duration.ofSeconds(2);

		private Duration connectTimeout = Duration.ofSeconds(2);

		private Builder() {
		}

		/**
		 * Connects to this Redis: {@code redis://[user:password@]host:port/db}, {@code rediss://} for
		 * TLS, {@code redis-sentinel://} for Sentinel; see Lettuce's {@code RedisURI}.
		 */
		public Builder uri(String uri) {
			try {
				RedisURI.create(uri);
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("uri is not a Redis URI (redis://host:6379, rediss://..., "
						+ "redis-sentinel://...): " + ex.getMessage(), ex);
			}
			this.uri = uri;
			return this;
		}

		/** Whether {@link #uri} names a node of a Redis Cluster; off by default. */
		public Builder cluster(boolean cluster) {
			this.cluster = cluster;
			return this;
		}

		/**
		 * Uses the application's {@link RedisClient} or {@link RedisClusterClient} (and its options);
		 * this repository opens one connection on it and closes only that.
		 */
		public Builder client(AbstractRedisClient client) {
			if (!(client instanceof RedisClient) && !(client instanceof RedisClusterClient)) {
				throw new IllegalArgumentException("client must be a RedisClient or a RedisClusterClient");
			}
			this.client = client;
			return this;
		}

		/** Uses the application's open connection (String keys and values), which this repository never closes. */
		public Builder connection(StatefulConnection<String, String> connection) {
			this.connection = Objects.requireNonNull(connection, "connection");
			return this;
		}

		/** Prefix of every session key, {@value RedisSessionRepository#DEFAULT_KEY_PREFIX} by default. */
		public Builder keyPrefix(String keyPrefix) {
			if (keyPrefix == null || keyPrefix.isEmpty() || keyPrefix.length() > 200 || keyPrefix.chars().anyMatch(Character::isWhitespace)) {
				throw new IllegalArgumentException("keyPrefix must be 1 to 200 characters without spaces, such as 'mcp:session:', but was '"
						+ keyPrefix + "'");
			}
			this.keyPrefix = keyPrefix;
			return this;
		}

		/** Longest a command may take before it fails as a store error (for connections this repository opens). */
		public Builder commandTimeout(Duration commandTimeout) {
			this.commandTimeout = SettingChecks.positive("commandTimeout", commandTimeout);
			return this;
		}

		/** Longest connecting may take (for a client this repository makes from a URI). */
		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = SettingChecks.positive("connectTimeout", connectTimeout);
			return this;
		}

		/**
		 * Builds the repository. It tries once here to reach Redis, and if it cannot, again in the
		 * background until it can ({@link RedisSessionRepository#readiness()}); calls meanwhile fail as
		 * a store outage and connect on their own once Redis is up.
		 */
		public RedisSessionRepository build() {
			int sources = (this.uri != null ? 1 : 0) + (this.client != null ? 1 : 0) + (this.connection != null ? 1 : 0);
			if (sources != 1) {
				throw new IllegalStateException("Give exactly one of uri(...), client(...) and connection(...)");
			}
			RedisSessionConnection shared;
			String description;
			if (this.connection != null) {
				shared = new RedisSessionConnection(() -> this.connection, null, null, false, null);
				description = "Redis (application's connection), keys " + this.keyPrefix + "*";
			}
			else if (this.client != null) {
				shared = new RedisSessionConnection(connector(this.client), null, null, true, this.commandTimeout);
				description = "Redis (application's client), keys " + this.keyPrefix + "*";
			}
			else {
				RedisURI redisUri = RedisURI.create(this.uri);
				ClientResources resources = DefaultClientResources.builder()
					.reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(5), 2, TimeUnit.MILLISECONDS))
					.build();
				AbstractRedisClient made = this.cluster ? clusterClient(resources, redisUri) : standaloneClient(resources, redisUri);
				shared = new RedisSessionConnection(connector(made), made, resources, true, this.commandTimeout);
				description = "Redis at " + redisUri.getHost() + ":" + redisUri.getPort() + ", keys " + this.keyPrefix + "*";
			}
			logger.info("Sessions are stored in {}", description);
			return new RedisSessionRepository(shared, this.keyPrefix, description);
		}

		/**
		 * Standalone: refuse commands at once while disconnected. Cluster: Lettuce connects to each
		 * node on first use, so commands must wait for that (bounded by the command timeout).
		 */
		private ClientOptions.Builder options(ClientOptions.Builder builder) {
			return builder.autoReconnect(true)
				.disconnectedBehavior(this.cluster ? ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS
						: ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.socketOptions(SocketOptions.builder().connectTimeout(this.connectTimeout).build())
				.timeoutOptions(TimeoutOptions.enabled(this.commandTimeout));
		}

		private RedisClient standaloneClient(ClientResources resources, RedisURI redisUri) {
			RedisClient made = RedisClient.create(resources, redisUri);
			made.setOptions(options(ClientOptions.builder()).build());
			return made;
		}

		private RedisClusterClient clusterClient(ClientResources resources, RedisURI redisUri) {
			RedisClusterClient made = RedisClusterClient.create(resources, redisUri);
			made.setOptions(((ClusterClientOptions.Builder) options(ClusterClientOptions.builder())).build());
			return made;
		}

		private static Supplier<StatefulConnection<String, String>> connector(AbstractRedisClient client) {
			return client instanceof RedisClusterClient cluster ? () -> cluster.connect(StringCodec.UTF8)
					: () -> ((RedisClient) client).connect(StringCodec.UTF8);
		}

	}

}
