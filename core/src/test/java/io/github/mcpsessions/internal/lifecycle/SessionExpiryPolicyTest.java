package io.github.mcpsessions.internal.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class SessionExpiryPolicyTest {

	private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void idleTimeoutCountsFromLastUse() {
		SessionExpiryPolicy policy = new SessionExpiryPolicy(Duration.ofHours(24), null);

		assertThat(policy.expiresAt(CREATED, CREATED.plus(Duration.ofHours(30))))
			.isEqualTo(CREATED.plus(Duration.ofHours(54)));
	}

	@Test
	void maxLifetimeCapsABusySession() {
		SessionExpiryPolicy policy = new SessionExpiryPolicy(Duration.ofHours(24), Duration.ofDays(7));

		assertThat(policy.expiresAt(CREATED, CREATED.plus(Duration.ofDays(6).plusHours(12))))
			.isEqualTo(CREATED.plus(Duration.ofDays(7)));
	}

	@Test
	void touchIntervalIsAQuarterOfTheIdleTimeoutAtMostAMinute() {
		assertThat(new SessionExpiryPolicy(Duration.ofHours(24), null).defaultTouchInterval())
			.isEqualTo(Duration.ofSeconds(60));
		assertThat(new SessionExpiryPolicy(Duration.ofSeconds(40), null).defaultTouchInterval())
			.isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void badSettingsAreNamed() {
		assertThatThrownBy(() -> new SessionExpiryPolicy(Duration.ZERO, null)).hasMessageContaining("idleTimeout");
		assertThatThrownBy(() -> new SessionExpiryPolicy(Duration.ofHours(1), Duration.ofSeconds(-1)))
			.hasMessageContaining("maxLifetime");
	}

}
