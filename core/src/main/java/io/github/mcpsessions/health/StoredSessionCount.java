package io.github.mcpsessions.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.repository.SessionCounter;
import io.github.mcpsessions.repository.SessionRepository;

/**
 * The number of stored sessions, counted in the background every interval (a count walks the whole
 * table or key space, so it never runs on a request or a health probe). What it reports is the last
 * count and when it was taken: an estimate that may be up to one interval old. Thread-safe;
 * {@link #close()} stops the counting.
 *
 * @since 0.1.0
 */
public final class StoredSessionCount implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(StoredSessionCount.class);

	private final ScheduledExecutorService counting = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "mcp-sessions-stored-count");
		thread.setDaemon(true);
		return thread;
	});

	private final SessionCounter counter;

	private volatile Counted last;

	/**
	 * Starts counting {@code store}'s sessions now and then every {@code interval}, through its
	 * {@link SessionRepository#counter()}; a store that cannot count is never counted ({@link #value()}
	 * stays {@code -1}).
	 */
	public StoredSessionCount(SessionRepository store, Duration interval) {
		this.counter = Objects.requireNonNull(store, "store").counter().orElse(null);
		if (this.counter != null) {
			this.counting.scheduleWithFixedDelay(this::count, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
		}
		else {
			logger.info("{} cannot count its sessions: no stored count is reported", store);
		}
	}

	private void count() {
		try {
			this.last = new Counted(this.counter.count(), Instant.now());
		}
		catch (RuntimeException ex) {
			logger.debug("Counting stored sessions failed: {}", ex.toString());
		}
	}

	/** The last count, or {@code -1} before the first one succeeded. */
	public long value() {
		Counted counted = this.last;
		return counted == null ? -1 : counted.sessions();
	}

	/** When the last count was taken, or {@code null} before the first one succeeded. */
	public Instant countedAt() {
		Counted counted = this.last;
		return counted == null ? null : counted.at();
	}

	@Override
	public void close() {
		this.counting.shutdownNow();
	}

	private record Counted(long sessions, Instant at) {
	}

}
