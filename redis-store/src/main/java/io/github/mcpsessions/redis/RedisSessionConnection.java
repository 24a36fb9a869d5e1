package io.github.mcpsessions.redis;

import java.time.Duration;
import java.util.function.Supplier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.resource.ClientResources;

/**
 * The one shared, thread-safe Lettuce connection a repository uses. Opened on first use, so a
 * Redis that is down at start is an outage of the first calls rather than a failed start; once
 * open, Lettuce reconnects it by itself. Closes only what it made.
 */
final class RedisSessionConnection implements AutoCloseable {

	private final Supplier<StatefulConnection<String, String>> connector;

	private final AbstractRedisClient ownedClient;

	private final ClientResources ownedResources;

	private final boolean ownsConnection;

	private final Duration commandTimeout;

	private volatile StatefulConnection<String, String> connection;

	private volatile RedisClusterCommands<String, String> commands;

	private volatile RedisClusterAsyncCommands<String, String> asyncCommands;

	RedisSessionConnection(Supplier<StatefulConnection<String, String>> connector, AbstractRedisClient ownedClient,
			ClientResources ownedResources, boolean ownsConnection, Duration commandTimeout) {
		this.connector = connector;
		this.ownedClient = ownedClient;
		this.ownedResources = ownedResources;
		this.ownsConnection = ownsConnection;
		this.commandTimeout = commandTimeout;
	}

	/** Synchronous commands on the shared connection; connects first if needed. */
	RedisClusterCommands<String, String> commands() {
		RedisClusterCommands<String, String> current = this.commands;
		return current != null ? current : connect();
	}

	/** Asynchronous commands on the same connection, for commands sent together in one round trip. */
	RedisClusterAsyncCommands<String, String> asyncCommands() {
		commands();
		return this.asyncCommands;
	}

	/** How long a command may take before it fails. */
	Duration timeout() {
		commands();
		return this.connection.getTimeout();
	}

	private synchronized RedisClusterCommands<String, String> connect() {
		if (this.commands == null) {
			StatefulConnection<String, String> opened = this.connector.get();
			if (this.ownsConnection && this.commandTimeout != null) {
				opened.setTimeout(this.commandTimeout);
			}
			this.connection = opened;
			this.commands = opened instanceof StatefulRedisClusterConnection<String, String> cluster ? cluster.sync()
					: ((StatefulRedisConnection<String, String>) opened).sync();
			this.asyncCommands = opened instanceof StatefulRedisClusterConnection<String, String> cluster ? cluster.async()
					: ((StatefulRedisConnection<String, String>) opened).async();
		}
		return this.commands;
	}

	@Override
	public synchronized void close() {
		try {
			if (this.ownsConnection && this.connection != null) {
				this.connection.close();
			}
			if (this.ownedClient != null) {
				this.ownedClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			}
			if (this.ownedResources != null) {
				this.ownedResources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
			}
		}
		catch (RedisException ex) {
			// closing anyway
		}
		this.connection = null;
		this.commands = null;
		this.asyncCommands = null;
	}

}
