package io.github.mcpsessions.internal.lifecycle;

import java.time.Duration;
import java.time.Instant;

import io.github.mcpsessions.internal.SettingChecks;

/**
 * When a session expires: after {@code idleTimeout} without a request, and in any case
 * {@code maxLifetime} after it was created, if that is set. An expired session is never restored.
 *
 * @param idleTimeout how long a session lives without requests; positive
 * @param maxLifetime absolute limit from creation, or {@code null} for none
 * @since 0.1.0
 */
public record SessionExpiryPolicy(Duration idleTimeout, Duration maxLifetime) {

	/** The default idle timeout: 24 hours. */
	public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(24);

	private static final Duration MAX_TOUCH_INTERVAL = Duration.ofSeconds(60);

	public SessionExpiryPolicy {
		SettingChecks.positive("idleTimeout", idleTimeout);
		if (maxLifetime != null) {
			SettingChecks.positive("maxLifetime", maxLifetime);
		}
	}

	/** 24 hours idle, no absolute limit. */
	public static SessionExpiryPolicy defaults() {
		return new SessionExpiryPolicy(DEFAULT_IDLE_TIMEOUT, null);
	}

	/** When a session created at {@code createdAt} and last used at {@code lastAccessedAt} expires. */
	public Instant expiresAt(Instant createdAt, Instant lastAccessedAt) {
		Instant idleExpiry = lastAccessedAt.plus(this.idleTimeout);
		if (this.maxLifetime == null) {
			return idleExpiry;
		}
		Instant hardExpiry = createdAt.plus(this.maxLifetime);
		return idleExpiry.isBefore(hardExpiry) ? idleExpiry : hardExpiry;
	}

	/** A quarter of the idle timeout, at most 60 seconds: how often a busy session's use reaches the store. */
	public Duration defaultTouchInterval() {
		Duration quarter = this.idleTimeout.dividedBy(4);
		return quarter.compareTo(MAX_TOUCH_INTERVAL) < 0 ? quarter : MAX_TOUCH_INTERVAL;
	}

}
