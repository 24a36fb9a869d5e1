package io.github.mcpsessions.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A WARN about what arrived on a channel, logged at most once per interval with a count of the rest. */
public final class RateLimitedWarning {

	private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final Logger logger;

	private final String channel;

	private final AtomicLong nextNanos = new AtomicLong(System.nanoTime());

	private final AtomicLong suppressed = new AtomicLong();

	public RateLimitedWarning(Class<?> source, String channel) {
		this.logger = LoggerFactory.getLogger(source);
		this.channel = channel;
	}

	public void warn(String reason) {
		long now = System.nanoTime();
		long next = this.nextNanos.get();
		if (now - next < 0 || !this.nextNanos.compareAndSet(next, now + INTERVAL_NANOS)) {
			this.suppressed.incrementAndGet();
			return;
		}
		long others = this.suppressed.getAndSet(0);
		this.logger.warn("Dropped a message on {}: {}{}", this.channel, reason,
				others == 0 ? "" : " (and " + others + " more dropped or failed since the last warning)");
	}

}
