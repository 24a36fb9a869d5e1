package io.github.mcpsessions.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Checks of configuration values, shared by every builder so that a bad setting fails when it is
 * given, with a message naming it.
 *
 * @since 0.1.0
 */
public final class SettingChecks {

	private SettingChecks() {
	}

	/** Returns {@code value} if it is a positive duration, else throws naming {@code setting}. */
	public static Duration positive(String setting, Duration value) {
		Objects.requireNonNull(value, setting);
		if (value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException(setting + " must be positive, was " + value);
		}
		return value;
	}

	/** Returns {@code value} if it is zero or positive, else throws naming {@code setting}. */
	public static Duration notNegative(String setting, Duration value) {
		Objects.requireNonNull(value, setting);
		if (value.isNegative()) {
			throw new IllegalArgumentException(setting + " must not be negative, was " + value);
		}
		return value;
	}

	/** Returns {@code value} if it is at least 1, else throws naming {@code setting}. */
	public static long atLeastOne(String setting, long value) {
		if (value < 1) {
			throw new IllegalArgumentException(setting + " must be at least 1, was " + value);
		}
		return value;
	}

}
