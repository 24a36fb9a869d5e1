package io.github.mcpsessions.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.internal.SettingChecks;
import io.github.mcpsessions.internal.streams.EventIds;
import io.github.mcpsessions.repository.SessionStoreException;

/**
 * An {@link EventStore} in Redis Streams, so that SSE streams resume on any replica and after any
 * restart. Each MCP stream is one Redis stream ({@code <prefix><streamId>}, entries of the session
 * id and the event's data, trimmed to {@code maxEventsPerStream} as events come), and each session
 * has a set of its streams ({@code <prefix>session:<sessionId>}); both expire {@code eventTtl} after
 * the last event, so Redis itself deletes old events and {@link #deleteOlderThan} has nothing to do.
 * Every command is on one key, so it works on Redis Cluster.
 *
 * <pre>{@code
 * EventStore events = RedisEventStore.builder(sessions).build();   // shares the session store's connection
 * }</pre>
 *
 * <p>Redis failures are thrown as {@link SessionStoreException}. Thread-safe.
 *
 * @since 0.1.0
 */
public final class RedisEventStore implements EventStore {

	/** The default key prefix. */
	public static final String DEFAULT_KEY_PREFIX = "mcp:events:";

	private static final long IDS_PER_MILLISECOND = 1_000_000L;

	private final RedisSessionConnection connection;

	private final RedisSessionRepository sessions;

	private final String keyPrefix;

	private final String description;

	private final int maxEventsPerStream;

	private final Duration eventTtl;

	private RedisEventStore(Builder builder) {
		this.connection = builder.sessions.connection();
		this.sessions = builder.sessions;
		this.keyPrefix = builder.keyPrefix;
		this.description = builder.sessions.description().replaceAll(", keys .*", "") + ", keys " + builder.keyPrefix + "*";
		this.maxEventsPerStream = builder.maxEventsPerStream;
		this.eventTtl = builder.eventTtl;
	}

	/** Ready when the session repository it shares a connection with is. */
	@Override
	public Readiness readiness() {
		return this.sessions.readiness();
	}

	/** Starts a store on the connection of {@code sessions} (closed with it, not with this store). */
	public static Builder builder(RedisSessionRepository sessions) {
		return new Builder(sessions);
	}

	@Override
	public String append(String sessionId, String streamId, String data) {
		Objects.requireNonNull(sessionId, "sessionId");
		Objects.requireNonNull(data, "data");
		EventIds.checkStreamId(streamId);
		String key = this.keyPrefix + streamId;
		String sessionKey = this.keyPrefix + "session:" + sessionId;
		RedisClusterAsyncCommands<String, String> commands;
		try {
			commands = this.connection.asyncCommands();
		}
		catch (RedisException ex) {
			throw new SessionStoreException("Could not store an event in " + this.description + ": " + ex.getMessage(), ex);
		}
		RedisFuture<String> added = commands.xadd(key, XAddArgs.Builder.maxlen(this.maxEventsPerStream),
				Map.of("s", sessionId, "d", data));
		RedisFuture<?>[] all = { added, commands.pexpire(key, this.eventTtl.toMillis()), commands.sadd(sessionKey, streamId),
				commands.pexpire(sessionKey, this.eventTtl.toMillis()) };
		try {
			if (!LettuceFutures.awaitAll(this.connection.timeout(), all)) {
				throw new SessionStoreException("Could not store an event in " + this.description + ": timed out");
			}
			return EventIds.of(streamId, sequence(added.get()));
		}
		catch (RedisException | ExecutionException ex) {
			throw new SessionStoreException("Could not store an event in " + this.description + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SessionStoreException("Interrupted while storing an event in " + this.description, ex);
		}
	}

	@Override
	public Optional<Replay> eventsAfter(String sessionId, String lastEventId, int limit) {
		EventIds.Parsed last = EventIds.parse(lastEventId);
		if (last == null || sessionId == null) {
			return Optional.empty();
		}
		String key = this.keyPrefix + last.streamId();
		String lastRedisId = redisId(last.sequence());
		return call("replay a stream", commands -> {
			List<StreamMessage<String, String>> seen = commands.xrange(key,
					Range.create(lastRedisId, lastRedisId));
			if (seen.isEmpty() || !sessionId.equals(seen.get(0).getBody().get("s"))) {
				return Optional.empty();
			}
			List<StoredEvent> after = commands
				.xrange(key, Range.from(Range.Boundary.excluding(lastRedisId), Range.Boundary.unbounded()),
						Limit.from(limit))
				.stream()
				.map(message -> new StoredEvent(EventIds.of(last.streamId(), sequence(message.getId())),
						message.getBody().getOrDefault("d", "")))
				.toList();
			return Optional.of(new Replay(last.streamId(), after));
		});
	}

	@Override
	public void deleteSession(String sessionId) {
		String sessionKey = this.keyPrefix + "session:" + sessionId;
		call("delete a session's events", commands -> {
			for (String streamId : commands.smembers(sessionKey)) {
				commands.del(this.keyPrefix + streamId);
			}
			return commands.del(sessionKey);
		});
	}

	/** Nothing to do: Redis expires streams {@code eventTtl} after their last event. */
	@Override
	public int deleteOlderThan(Instant cutoff, int limit) {
		return 0;
	}

	@Override
	public String toString() {
		return "RedisEventStore[" + this.description + "]";
	}

	/** A Redis stream entry id {@code <millis>-<n>} as one number, so event ids stay {@code <stream>_<digits>}. */
	private static long sequence(String redisId) {
		int dash = redisId.indexOf('-');
		return Long.parseLong(redisId.substring(0, dash)) * IDS_PER_MILLISECOND + Long.parseLong(redisId.substring(dash + 1));
	}

	private static String redisId(long sequence) {
		return (sequence / IDS_PER_MILLISECOND) + "-" + (sequence % IDS_PER_MILLISECOND);
	}

	private <T> T call(String action, Function<RedisClusterCommands<String, String>, T> work) {
		try {
			return work.apply(this.connection.commands());
		}
		catch (RedisException ex) {
			throw new SessionStoreException("Could not " + action + " in " + this.description + ": " + ex.getMessage(), ex);
		}
	}

	/** Configures a {@link RedisEventStore}. Defaults: prefix {@code mcp:events:}, 1,000 events a stream, 10 minutes. */
	public static final class Builder {

		private final RedisSessionRepository sessions;

		private String keyPrefix = DEFAULT_KEY_PREFIX;

		private int maxEventsPerStream = 1_000;

		private Duration eventTtl = Duration.ofMinutes(10);

		private Builder(RedisSessionRepository sessions) {
			this.sessions = Objects.requireNonNull(sessions, "sessions");
		}

		/** The prefix of this store's keys; keep it apart from the sessions' prefix. */
		public Builder keyPrefix(String keyPrefix) {
			if (keyPrefix == null || keyPrefix.isBlank()) {
				throw new IllegalArgumentException("keyPrefix must not be blank");
			}
			this.keyPrefix = keyPrefix;
			return this;
		}

		/** How many events a stream keeps (default 1,000); older ones are trimmed as new ones come. */
		public Builder maxEventsPerStream(int maxEventsPerStream) {
			this.maxEventsPerStream = (int) SettingChecks.atLeastOne("maxEventsPerStream", maxEventsPerStream);
			return this;
		}

		/** How long a stream is kept after its last event (default 10 minutes). */
		public Builder eventTtl(Duration eventTtl) {
			this.eventTtl = SettingChecks.positive("eventTtl", eventTtl);
			return this;
		}

		public RedisEventStore build() {
			return new RedisEventStore(this);
		}

	}

}
