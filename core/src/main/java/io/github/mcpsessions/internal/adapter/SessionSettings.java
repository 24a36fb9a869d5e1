package io.github.mcpsessions.internal.adapter;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import io.modelcontextprotocol.json.McpJsonMapper;

import io.github.mcpsessions.events.EventStore;

import io.github.mcpsessions.internal.cache.CachingSessionRepository;
import io.github.mcpsessions.internal.lifecycle.SessionExpiryPolicy;
import io.github.mcpsessions.internal.lifecycle.SessionIdSigner;
import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.session.SessionListener;

/**
 * An adapter's settings once validated and resolved: what {@link AdapterCore} is built
 * from. The public {@code transport.PersistentSessionsSettings} hands them over through {@link #of},
 * so they need no public getters; it is typed {@code Object} here so that this package does not
 * depend back on the public one.
 */
public record SessionSettings(CachingSessionRepository repository, SessionExpiryPolicy expiryPolicy, Clock clock,
		List<SessionListener> listeners, SessionIdSigner idSigner, Duration cleanupInterval, int cleanupBatchSize,
		SessionMessageBus messageBus, Supplier<byte[]> messageBusSecret, Duration messageBusHeartbeat, int maxRequestBodySize,
		McpJsonMapper jsonMapper, EventStore eventStore, Duration sseRetry, Set<String> pollingTools, Duration eventRetention,
		Duration primingDelay, Duration requireReadyAtStart) {

	private static volatile Function<Object, SessionSettings> reader;

	/** Called once, by {@code PersistentSessionsSettings} as it is loaded. */
	public static void readWith(Function<Object, SessionSettings> settingsReader) {
		if (reader != null) {
			throw new IllegalStateException("The settings reader is already set");
		}
		reader = Objects.requireNonNull(settingsReader, "settingsReader");
	}

	/**
	 * Validates {@code settings} (an adapter's {@code PersistentSessionsSettings}) against each other
	 * and resolves them.
	 * @throws IllegalStateException naming the settings that do not fit together
	 */
	public static SessionSettings of(Object settings) {
		return reader.apply(settings);
	}

}
