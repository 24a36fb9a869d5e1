package io.github.mcpsessions.internal.transport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests an adapter is serving, so a graceful stop can wait until they have finished.
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class RequestsInFlight {

	private final AtomicInteger count = new AtomicInteger();

	private final Object lock = new Object();

	/** A request began. */
	public void started() {
		this.count.incrementAndGet();
	}

	/** A request ended (its response is complete); call exactly once per {@link #started()}. */
	public void finished() {
		if (this.count.decrementAndGet() <= 0) {
			synchronized (this.lock) {
				this.lock.notifyAll();
			}
		}
	}

	/** How many requests are being served now. */
	public int count() {
		return this.count.get();
	}

	/**
	 * Waits until no request is being served, at most {@code timeout}.
	 * @return whether every request finished in time
	 */
	public boolean awaitNone(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.lock) {
			while (this.count.get() > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.lock, left);
			}
		}
		return true;
	}

}
