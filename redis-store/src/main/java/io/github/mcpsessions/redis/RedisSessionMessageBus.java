package io.github.mcpsessions.redis;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.internal.startup.BackgroundStart;
import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.messaging.SessionMessageSubscribers;
import io.github.mcpsessions.repository.SessionStoreException;

/**
 * A {@link SessionMessageBus} on Redis pub/sub: one channel, default {@value #DEFAULT_CHANNEL}, which
 * every replica subscribes to. In a Redis Cluster, {@code PUBLISH} reaches subscribers on every
 * node. Lettuce re-subscribes by itself after a reconnect; messages published while a replica was
 * disconnected are not replayed (see {@link SessionMessageBus}). Whoever may subscribe or publish
 * on the channel but not read the session keys sees only sealed frames and cannot forge one.
 *
 * <p>Thread-safe. Messages are handed to subscribers in order on one thread of the bus, never on
 * Lettuce's I/O threads. {@link #close()} closes the connections (and the client, if this bus made it).
 *
 * @since 0.1.0
 */
public final class RedisSessionMessageBus implements SessionMessageBus {

	/** The channel replicas talk on unless configured otherwise. */
	public static final String DEFAULT_CHANNEL = "mcp:sessions:bus";

	private final String channel;

	private final AbstractRedisClient ownedClient;

	private final AbstractRedisClient client;

	private volatile StatefulRedisPubSubConnection<String, String> subscription;

	private volatile StatefulConnection<String, String> publishing;

	private final SessionMessageSubscribers subscribers;

	private final ExecutorService delivery = Executors.newSingleThreadExecutor(runnable -> {
		Thread thread = new Thread(runnable, "mcp-sessions-redis-bus");
		thread.setDaemon(true);
		return thread;
	});

	private final BackgroundStart start;

	private RedisSessionMessageBus(AbstractRedisClient client, boolean owned, String channel) {
		this.channel = channel;
		this.client = client;
		this.subscribers = new SessionMessageSubscribers("Redis channel " + channel);
		this.ownedClient = owned ? client : null;
		this.start = BackgroundStart.begin("Redis channel " + channel, this::connect);
	}

	/** Opens both connections and subscribes; after that Lettuce reconnects and re-subscribes by itself. */
	private synchronized void connect() {
		if (this.publishing != null) {
			return;
		}
		StatefulRedisPubSubConnection<String, String> subscribing = null;
		try {
			if (this.client instanceof RedisClusterClient cluster) {
				subscribing = cluster.connectPubSub(StringCodec.UTF8);
			}
			else {
				subscribing = ((RedisClient) this.client).connectPubSub(StringCodec.UTF8);
			}
			subscribing.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void message(String from, String text) {
					if (RedisSessionMessageBus.this.channel.equals(from)) {
						deliver(text);
					}
				}
			});
			subscribing.sync().subscribe(this.channel);
			this.subscription = subscribing;
			this.publishing = this.client instanceof RedisClusterClient cluster ? cluster.connect(StringCodec.UTF8)
					: ((RedisClient) this.client).connect(StringCodec.UTF8);
		}
		catch (RedisException ex) {
			if (subscribing != null) {
				subscribing.closeAsync();
			}
			this.subscription = null;
			throw new SessionStoreException("Could not subscribe to Redis channel " + this.channel + ": " + ex.getMessage(), ex);
		}
	}

	/** Ready once subscribed; a connection lost later shows in the replicas' heartbeats. */
	@Override
	public Readiness readiness() {
		return this.start.readiness();
	}

	/** A bus on its own client for this Redis URI ({@code redis://}, {@code rediss://}, {@code redis-sentinel://}). */
	public static RedisSessionMessageBus create(String uri) {
		return builder().uri(uri).build();
	}

	/** Starts a bus; give it a {@link Builder#uri URI} or a {@link Builder#client client}. */
	public static Builder builder() {
		return new Builder();
	}

	private static String checkChannel(String channel) {
		if (channel == null || channel.isBlank()) {
			throw new IllegalArgumentException("channel must not be blank");
		}
		return channel;
	}

	@Override
	public void publish(String frame) {
		StatefulConnection<String, String> connection = this.publishing;
		if (connection == null) {
			throw new SessionStoreException("Not subscribed to Redis channel " + this.channel + " yet: "
					+ this.start.readiness().reason());
		}
		try {
			if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
				cluster.sync().publish(this.channel, frame);
			}
			else {
				((io.lettuce.core.api.StatefulRedisConnection<String, String>) connection).sync()
					.publish(this.channel, frame);
			}
		}
		catch (RedisException ex) {
			throw new SessionStoreException("Could not publish to Redis channel " + this.channel + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void subscribe(Consumer<String> subscriber) {
		this.subscribers.add(subscriber);
	}

	private void deliver(String text) {
		this.delivery.execute(() -> this.subscribers.deliver(text));
	}

	@Override
	public void close() {
		this.start.close();
		this.delivery.shutdownNow();
		try {
			synchronized (this) {
				if (this.subscription != null) {
					this.subscription.close();
				}
				if (this.publishing != null) {
					this.publishing.close();
				}
			}
		}
		catch (RedisException ex) {
			// closing anyway
		}
		if (this.ownedClient != null) {
			this.ownedClient.shutdown();
		}
	}

	/**
	 * Configures a {@link RedisSessionMessageBus}: exactly one of {@link #uri} and {@link #client};
	 * the channel is {@value RedisSessionMessageBus#DEFAULT_CHANNEL} unless set. Checked once, at
	 * {@link #build()}.
	 */
	public static final class Builder {

		private String uri;

		private AbstractRedisClient client;

		private String channel = DEFAULT_CHANNEL;

		private Builder() {
		}

		/** A client of its own for this URI ({@code redis://}, {@code rediss://}, {@code redis-sentinel://}), closed with the bus. */
		public Builder uri(String uri) {
			this.uri = uri;
			return this;
		}

		/**
		 * The application's client (a {@code RedisClient} or {@code RedisClusterClient}) instead; the bus
		 * opens two connections on it and closes only those.
		 */
		public Builder client(AbstractRedisClient client) {
			this.client = client;
			return this;
		}

		/** The pub/sub channel; every replica must use the same. */
		public Builder channel(String channel) {
			this.channel = channel;
			return this;
		}

		/**
		 * Connects and subscribes: once here, and if Redis cannot be reached, again and again in the
		 * background (back-off up to 5 s) until it can; {@code readiness()} says whether it is
		 * subscribed. Frames published meanwhile fail as a store outage.
		 * @throws IllegalStateException if neither or both of a URI and a client were given
		 * @throws IllegalArgumentException if the client is of another kind or the channel is blank
		 */
		public RedisSessionMessageBus build() {
			if ((this.uri == null) == (this.client == null)) {
				throw new IllegalStateException("give exactly one of uri and client");
			}
			String checked = checkChannel(this.channel);
			if (this.client == null) {
				return new RedisSessionMessageBus(RedisClient.create(this.uri), true, checked);
			}
			if (!(this.client instanceof RedisClient) && !(this.client instanceof RedisClusterClient)) {
				throw new IllegalArgumentException("client must be a RedisClient or a RedisClusterClient");
			}
			return new RedisSessionMessageBus(this.client, false, checked);
		}

	}

}
