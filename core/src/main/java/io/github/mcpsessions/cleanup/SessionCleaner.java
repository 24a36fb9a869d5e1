package io.github.mcpsessions.cleanup;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.internal.SettingChecks;
import io.github.mcpsessions.repository.ExpiredSessionSweeper;
import io.github.mcpsessions.repository.SessionRepository;

/**
 * Deletes expired session records in the background, in batches, every {@code interval}, through
 * the store's {@link SessionRepository#expiredSessionSweeper()} (a store without one, which expires
 * records itself, gets nothing deleted). Several
 * replicas may run one each against the same store. Deletions are logged at DEBUG, failures at
 * WARN; a failed run is retried at the next tick. {@link #close()} stops it and waits for a
 * running batch to end.
 *
 * @since 0.1.0
 */
public final class SessionCleaner implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SessionCleaner.class);

	/** Most batches one run deletes, so one run cannot hog the store. */
	private static final int MAX_BATCHES_PER_RUN = 100;

	private final SessionRepository repository;

	private final Clock clock;

	private final Duration interval;

	private final int batchSize;

	private ScheduledExecutorService executor;

	public SessionCleaner(SessionRepository repository, Clock clock, Duration interval, int batchSize) {
		this.repository = Objects.requireNonNull(repository, "repository");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.interval = SettingChecks.positive("cleanupInterval", interval);
		this.batchSize = (int) SettingChecks.atLeastOne("cleanupBatchSize", batchSize);
	}

	/** Starts the schedule: the first run after one interval. */
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "mcp-sessions-cleaner");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.executor.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Deletes expired records now, batch after batch until a batch comes back short.
	 * @return how many records were deleted, or -1 if the store failed
	 */
	public int runOnce() {
		Optional<ExpiredSessionSweeper> sweeper = this.repository.expiredSessionSweeper();
		if (sweeper.isEmpty()) {
			return 0;
		}
		int total = 0;
		try {
			for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
				int deleted = sweeper.get().deleteExpired(this.clock.instant(), this.batchSize);
				total += deleted;
				if (deleted < this.batchSize) {
					break;
				}
			}
			if (total > 0) {
				logger.debug("Deleted {} expired session records", total);
			}
			return total;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not delete expired session records (deleted {} before the failure): {}", total,
					ex.toString());
			return -1;
		}
	}

	/** Whether the schedule is running. */
	public synchronized boolean isRunning() {
		return this.executor != null && !this.executor.isShutdown();
	}

	@Override
	public synchronized void close() {
		if (this.executor == null) {
			return;
		}
		this.executor.shutdown();
		try {
			if (!this.executor.awaitTermination(10, TimeUnit.SECONDS)) {
				this.executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			this.executor.shutdownNow();
			Thread.currentThread().interrupt();
		}
		this.executor = null;
	}

}
