package io.github.mcpsessions.health;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.mcpsessions.repository.SessionRepository;

/**
 * Whether the session store answers, for health endpoints: one primary-key read of an id no session
 * can have, bounded by a timeout. Its cost is the same with no session stored and with millions,
 * unlike counting them, so a Kubernetes probe with a short timeout never fails for a large store.
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class StoreProbe {

	/** Never a well-formed session id, so no session can have it and no request can reach it. */
	private static final String PROBE_ID = "~health-probe";

	private final SessionRepository store;

	private final Duration timeout;

	private final ExecutorService probing = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "mcp-sessions-store-probe");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * @param store the store itself (not a cache in front of it)
	 * @param timeout how long a probe waits for the store before it reports it unreachable
	 */
	public StoreProbe(SessionRepository store, Duration timeout) {
		this.store = Objects.requireNonNull(store, "store");
		this.timeout = Objects.requireNonNull(timeout, "timeout");
	}

	/** Reads the store once, waiting at most the timeout. */
	public Result probe() {
		long start = System.nanoTime();
		CompletableFuture<?> read = CompletableFuture.runAsync(() -> this.store.findById(PROBE_ID), this.probing);
		try {
			read.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			return new Result(true, Duration.ofNanos(System.nanoTime() - start), null);
		}
		catch (TimeoutException ex) {
			read.cancel(true);
			return new Result(false, this.timeout, "no answer within " + this.timeout.toMillis() + " ms");
		}
		catch (ExecutionException ex) {
			return new Result(false, Duration.ofNanos(System.nanoTime() - start), String.valueOf(ex.getCause().getMessage()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Result(false, Duration.ofNanos(System.nanoTime() - start), "interrupted");
		}
	}

	/**
	 * One probe's outcome.
	 * @param reachable whether the store answered in time
	 * @param took how long the probe took
	 * @param error why it is not reachable, or {@code null}
	 */
	public record Result(boolean reachable, Duration took, String error) {
	}

}
