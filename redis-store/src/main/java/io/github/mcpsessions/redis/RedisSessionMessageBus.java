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

	private final StatefulRedisPubSubConnection<String, String> subscription;

	private final StatefulConnection<String, String> publishing;

	private final SessionMessageSubscribers subscribers;

	private final ExecutorService delivery = Executors.newSingleThreadExecutor(runnable -> {
		Thread thread = new Thread(runnable, "mcp-sessions-redis-bus");
		thread.setDaemon(true);
		return thread;
	});

	private RedisSessionMessageBus(AbstractRedisClient client, boolean owned, String channel) {
		this.channel = channel;
		this.subscribers = new SessionMessageSubscribers("Redis channel " + channel);
		this.ownedClient = owned ? client : null;
		try {
			if (client instanceof RedisClusterClient cluster) {
				this.subscription = cluster.connectPubSub(StringCodec.UTF8);
				this.publishing = cluster.connect(StringCodec.UTF8);
			}
			else {
				RedisClient standalone = (RedisClient) client;
				this.subscription = standalone.connectPubSub(StringCodec.UTF8);
				this.publishing = standalone.connect(StringCodec.UTF8);
			}
			this.subscription.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void message(String from, String text) {
					if (RedisSessionMessageBus.this.channel.equals(from)) {
						deliver(text);
					}
				}
			});
			this.subscription.sync().subscribe(channel);
		}
		catch (RedisException ex) {
			if (this.ownedClient != null) {
				this.ownedClient.shutdown();
			}
			throw new SessionStoreException("Could not subscribe to Redis channel " + channel + ": " + ex.getMessage(), ex);
		}
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
		try {
			if (this.publishing instanceof StatefulRedisClusterConnection<String, String> cluster) {
				cluster.sync().publish(this.channel, frame);
			}
			else {
				((io.lettuce.core.api.StatefulRedisConnection<String, String>) this.publishing).sync()
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
		this.delivery.shutdownNow();
		try {
			this.subscription.close();
			this.publishing.close();
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
		 * Connects and subscribes.
		 * @throws IllegalStateException if neither or both of a URI and a client were given
		 * @throws IllegalArgumentException if the client is of another kind or the channel is blank
		 * @throws SessionStoreException if Redis cannot be reached
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
