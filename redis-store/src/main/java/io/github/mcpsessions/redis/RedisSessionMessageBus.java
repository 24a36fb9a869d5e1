package io.github.mcpsessions.redis;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.messaging.SessionMessageSubscribers;
import io.github.mcpsessions.repository.SessionStoreException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

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
		return create(uri, DEFAULT_CHANNEL);
	}

	/** A bus on its own client for this Redis URI, on {@code channel}. */
	public static RedisSessionMessageBus create(String uri, String channel) {
		return new RedisSessionMessageBus(RedisClient.create(uri), true, checkChannel(channel));
	}

	/**
	 * A bus on the application's client (a {@code RedisClient} or {@code RedisClusterClient}); it
	 * opens two connections on it and closes only those.
	 */
	public static RedisSessionMessageBus create(AbstractRedisClient client, String channel) {
		if (!(client instanceof RedisClient) && !(client instanceof RedisClusterClient)) {
			throw new IllegalArgumentException("client must be a RedisClient or a RedisClusterClient");
		}
		return new RedisSessionMessageBus(client, false, checkChannel(channel));
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

}
