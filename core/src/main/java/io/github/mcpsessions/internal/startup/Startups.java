package io.github.mcpsessions.internal.startup;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.repository.SessionStoreException;

/** Waiting for readiness where a user chose to fail fast at start, and the messages of failures. */
public final class Startups {

	private Startups() {
	}

	/**
	 * Waits until {@code readiness} says ready, at most {@code timeout}.
	 * @throws SessionStoreException with the reason if it is still not ready then
	 */
	public static void await(Supplier<Readiness> readiness, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		Readiness current = readiness.get();
		while (!current.ready()) {
			if (System.nanoTime() - deadline >= 0) {
				throw new SessionStoreException("Not ready within " + timeout.toMillis() + " ms: " + current.reason());
			}
			LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
			current = readiness.get();
		}
	}

	/** The message of {@code ex} with that of its root cause, for one log or health line. */
	public static String rootMessage(Throwable ex) {
		Throwable root = rootCause(ex);
		String message = String.valueOf(ex.getMessage());
		return root == ex || message.contains(String.valueOf(root.getMessage())) ? message
				: message + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
	}

	/** The innermost cause of {@code ex}, or {@code ex} itself. */
	public static Throwable rootCause(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root;
	}

}
