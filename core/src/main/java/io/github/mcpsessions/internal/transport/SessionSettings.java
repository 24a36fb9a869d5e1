package io.github.mcpsessions.internal.transport;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import io.modelcontextprotocol.json.McpJsonMapper;

import io.github.mcpsessions.internal.cache.CachingSessionRepository;
import io.github.mcpsessions.internal.session.SessionExpiryPolicy;
import io.github.mcpsessions.internal.session.SessionIdSigner;
import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.session.SessionListener;
import io.github.mcpsessions.transport.PersistentSessionsSettings;

/**
 * An adapter's settings once validated and resolved: what {@link PersistentSessions} is built
 * from. The public {@link PersistentSessionsSettings} hands them over through {@link #of}, so they
 * need no public getters.
 */
public record SessionSettings(CachingSessionRepository repository, SessionExpiryPolicy expiryPolicy, Clock clock,
		List<SessionListener> listeners, SessionIdSigner idSigner, Duration cleanupInterval, int cleanupBatchSize,
		SessionMessageBus messageBus, byte[] messageBusSecret, Duration messageBusHeartbeat, int maxRequestBodySize,
		McpJsonMapper jsonMapper) {

	private static volatile Function<PersistentSessionsSettings<?>, SessionSettings> reader;

	/** Called once, by {@link PersistentSessionsSettings} as it is loaded. */
	public static void readWith(Function<PersistentSessionsSettings<?>, SessionSettings> settingsReader) {
		if (reader != null) {
			throw new IllegalStateException("The settings reader is already set");
		}
		reader = Objects.requireNonNull(settingsReader, "settingsReader");
	}

	/**
	 * Validates {@code settings} against each other and resolves them.
	 * @throws IllegalStateException naming the settings that do not fit together
	 */
	public static SessionSettings of(PersistentSessionsSettings<?> settings) {
		return reader.apply(settings);
	}

}
