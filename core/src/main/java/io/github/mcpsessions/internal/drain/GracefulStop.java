package io.github.mcpsessions.internal.drain;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.internal.cache.CachingSessionRepository;
import io.github.mcpsessions.internal.sdk.SdkBridge;

/**
 * A graceful stop of one adapter: draining (health checks answer 503, clients are asked to close
 * their connections), the requests in flight it waits for (counted here, as each request starts
 * and finishes), the listening streams it ends, the client requests it fails, and the background
 * work it stops last. Thread-safe.
 */
public final class GracefulStop {

	private static final Logger logger = LoggerFactory.getLogger(GracefulStop.class);

	private final AtomicInteger inFlight = new AtomicInteger();

	private final Object noneInFlight = new Object();

	private final SdkBridge sdk;

	private final CachingSessionRepository repository;

	private final List<AutoCloseable> backgroundWork;

	private volatile boolean draining;

	/** @param backgroundWork what runs on its own (cleaner, replica routing, streams), closed in this order */
	public GracefulStop(SdkBridge sdk, CachingSessionRepository repository, List<AutoCloseable> backgroundWork) {
		this.sdk = sdk;
		this.repository = repository;
		this.backgroundWork = List.copyOf(backgroundWork);
	}

	/** A request began; a graceful stop waits for it (listening streams are not counted). */
	public void requestStarted() {
		this.inFlight.incrementAndGet();
	}

	/** A request ended (its response is complete); call exactly once per {@link #requestStarted()}. */
	public void requestFinished() {
		if (this.inFlight.decrementAndGet() <= 0) {
			synchronized (this.noneInFlight) {
				this.noneInFlight.notifyAll();
			}
		}
	}

	/** How many requests are being served now. */
	public int requestsInFlight() {
		return this.inFlight.get();
	}

	/**
	 * Waits until no request is being served, at most {@code timeout}.
	 * @return whether every request finished in time
	 */
	public boolean awaitRequestsInFlight(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.noneInFlight) {
			while (this.inFlight.get() > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.noneInFlight, left);
			}
		}
		return true;
	}

	/**
	 * Starts a graceful stop: from now on the adapter reports itself as draining (health checks
	 * answer 503 so load balancers stop routing here) and asks clients to close their connections
	 * after each response, while it goes on serving every request that arrives.
	 */
	public void startDraining() {
		if (!this.draining) {
			this.draining = true;
			logger.info("Draining: health checks answer 503, {} requests in flight, {} sessions held",
					this.inFlight.get(), this.sdk.heldSessionCount());
		}
	}

	/** Whether a graceful stop has begun. */
	public boolean isDraining() {
		return this.draining;
	}

	/**
	 * Ends the clients' listening (GET) streams held here; their sessions and calls in flight go on.
	 * A listening stream never ends by itself, so a host that waits for open requests before
	 * stopping (Spring's graceful shutdown) would otherwise wait its whole timeout.
	 */
	public void closeListeningStreams() {
		this.sdk.closeListeningStreams();
	}

	/** Answers the requests this process sent to clients and still waits on with an error. */
	public void failPendingClientRequests() {
		this.sdk.failPendingClientRequests();
	}

	/**
	 * Before the server closes: answers pending client requests with an error, then stops the
	 * background work.
	 */
	public void close() {
		failPendingClientRequests();
		stopBackgroundWork();
	}

	/** Writes throttled session uses to the store, then stops the background work. */
	public void stopBackgroundWork() {
		try {
			int written = this.repository.flushTouches();
			logger.debug("Wrote {} throttled session uses to the store", written);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not write throttled session uses to the store before stopping: {}", ex.toString());
		}
		for (AutoCloseable work : this.backgroundWork) {
			try {
				work.close();
			}
			catch (Exception ex) {
				logger.warn("Could not stop {}: {}", work.getClass().getSimpleName(), ex.toString());
			}
		}
	}

}
