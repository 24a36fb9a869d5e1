package io.github.mcpsessions.messaging;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.github.mcpsessions.internal.RateLimitedWarning;

/**
 * The subscribers of one {@link SessionMessageBus}, for bus implementations: hands each frame that
 * arrived to every subscriber, so that one failing subscriber stops nothing, and reports what a
 * bus had to drop (a malformed or oversized part, say) with a rate-limited warning.
 *
 * @since 0.1.0
 */
public final class SessionMessageSubscribers {

	private final List<Consumer<String>> subscribers = new CopyOnWriteArrayList<>();

	private final RateLimitedWarning warnings;

	/** @param channel where frames come from, for logs */
	public SessionMessageSubscribers(String channel) {
		this.warnings = new RateLimitedWarning(SessionMessageSubscribers.class, channel);
	}

	public void add(Consumer<String> subscriber) {
		this.subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
	}

	/** Delivers {@code frame} to every subscriber; text longer than a frame may be is dropped. */
	public void deliver(String frame) {
		if (frame == null || frame.length() > SessionMessageBus.MAX_FRAME_CHARS) {
			dropped("a message is longer than " + SessionMessageBus.MAX_FRAME_CHARS + " characters");
			return;
		}
		for (Consumer<String> subscriber : this.subscribers) {
			try {
				subscriber.accept(frame);
			}
			catch (RuntimeException ex) {
				this.warnings.warn("a subscriber failed: " + ex);
			}
		}
	}

	/** Reports something that arrived on the channel and was dropped; logged at most every few seconds. */
	public void dropped(String reason) {
		this.warnings.warn(reason);
	}

}
