package io.github.mcpsessions.internal.startup;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.health.Readiness;

/**
 * The start of a store part that needs its server (connecting, creating a schema, subscribing), on
 * a thread of its own, retried with back-off (100 ms doubling to 5 s) until it succeeds or
 * {@link #close()}, so building the part never needs the server. The builder waits for the first
 * attempt at most {@link #FIRST_ATTEMPT_WAIT}, so a server that is up makes the part ready when it
 * is built, and one that is down (or does not answer) delays the start by at most that. Logs the
 * first failure at WARN, the recovery at INFO. Thread-safe.
 */
public final class BackgroundStart implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(BackgroundStart.class);

	private static final long FIRST_BACKOFF_MILLIS = 100;

	private static final long MAX_BACKOFF_MILLIS = 5_000;

	/** Longest a builder waits for the first attempt. */
	public static final Duration FIRST_ATTEMPT_WAIT = Duration.ofSeconds(1);

	private final CountDownLatch firstAttempt = new CountDownLatch(1);

	/** What the part does to start; throws if its server cannot do it yet. */
	@FunctionalInterface
	public interface Step {

		void run() throws Exception;

	}

	private final String what;

	private final Step step;

	private final Thread thread;

	private volatile boolean done;

	private volatile boolean closed;

	private volatile String lastFailure = "starting";

	private BackgroundStart(String what, Step step) {
		this.what = what;
		this.step = step;
		this.thread = new Thread(this::retry, "mcp-sessions-start");
		this.thread.setDaemon(true);
	}

	/**
	 * Runs {@code step} on a thread of its own until it succeeds, waiting for the first attempt at
	 * most {@link #FIRST_ATTEMPT_WAIT}.
	 * @param what the part, as operators read it (e.g. {@code "PostgreSQL table mcp_session"})
	 */
	public static BackgroundStart begin(String what, Step step) {
		BackgroundStart start = new BackgroundStart(what, step);
		start.thread.start();
		try {
			start.firstAttempt.await(FIRST_ATTEMPT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return start;
	}

	private void retry() {
		long backoff = FIRST_BACKOFF_MILLIS;
		int failures = 0;
		while (!this.closed) {
			try {
				this.step.run();
				this.done = true;
				if (failures > 0) {
					logger.info("{} is ready (after {} failed attempts)", this.what, failures);
				}
				return;
			}
			catch (Exception ex) {
				if (this.closed) {
					return;
				}
				this.lastFailure = Startups.rootMessage(ex);
				if (failures++ == 0) {
					logger.warn("{} is not ready; retrying in the background until it is: {}", this.what, this.lastFailure);
				}
				else {
					logger.debug("{} is still not ready: {}", this.what, this.lastFailure);
				}
			}
			finally {
				this.firstAttempt.countDown();
			}
			LockSupport.parkNanos(Duration.ofMillis(backoff).toNanos());
			backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
		}
	}

	/** Whether the start succeeded. */
	public boolean isDone() {
		return this.done;
	}

	/** Ready once the start succeeded; before, not ready with the last failure. */
	public Readiness readiness() {
		return this.done ? Readiness.READY : Readiness.notReady(this.what + ": " + this.lastFailure);
	}

	/** Stops retrying (a start under way finishes its attempt). */
	@Override
	public void close() {
		this.closed = true;
		LockSupport.unpark(this.thread);
	}

}
