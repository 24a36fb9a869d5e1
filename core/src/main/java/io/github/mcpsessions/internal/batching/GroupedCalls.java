package io.github.mcpsessions.internal.batching;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Store calls from concurrent requests run as one batch, for {@link io.github.mcpsessions.repository.SessionRepository}
 * implementations: a call joins a queue; the one thread that holds the lock runs every call queued
 * so far as one batch (one round trip, one commit), so sessions started or restored at the same
 * moment cost one statement between them, not one each (group commit for saves, one multi-key
 * read for finds). Alone, a call is a batch of one, and every call returns only once its batch is
 * done: durability is the same as one call at a time.
 *
 * <p>Waiting calls park until the running thread wakes them, each directly (no lock hand-over
 * from one waiter to the next); a thread whose own call is done hands the lock on by waking the
 * oldest call still queued. A batch that fails as a whole can be run again one call at a time
 * (so one row the store refuses fails only its own call), or fail every call at once (a store out
 * of reach). Thread-safe.
 *
 * @param <I> what one call takes
 * @param <O> what one call answers
 * @since 0.1.0
 */
public final class GroupedCalls<I, O> {

	/** Runs a batch; answers one outcome per input, in order. */
	@FunctionalInterface
	public interface Batch<I, O> {

		List<Outcome<O>> run(List<I> inputs) throws Exception;

	}

	/** What one call answers, or the exception it throws. */
	public record Outcome<O>(O value, RuntimeException failure) {

		public static <O> Outcome<O> of(O value) {
			return new Outcome<>(value, null);
		}

		public static <O> Outcome<O> failed(RuntimeException failure) {
			return new Outcome<>(null, Objects.requireNonNull(failure, "failure"));
		}

	}

	private static final int MAXIMUM_BATCH = 64;

	private final Queue<Pending<I, O>> queue = new ConcurrentLinkedQueue<>();

	private final ReentrantLock runnerLock = new ReentrantLock();

	private final Batch<I, O> batch;

	private final Function<Exception, RuntimeException> failure;

	private final Predicate<Exception> retryAlone;

	/**
	 * @param batch runs up to 64 calls at once
	 * @param failure what a call throws when its batch threw (a {@link io.github.mcpsessions.repository.SessionStoreException} for a store error)
	 * @param retryAlone whether the calls of a batch that threw this are run again one by one
	 */
	public GroupedCalls(Batch<I, O> batch, Function<Exception, RuntimeException> failure,
			Predicate<Exception> retryAlone) {
		this.batch = Objects.requireNonNull(batch, "batch");
		this.failure = Objects.requireNonNull(failure, "failure");
		this.retryAlone = Objects.requireNonNull(retryAlone, "retryAlone");
	}

	/**
	 * Runs one call, batched with those queued beside it, and answers its outcome.
	 * @throws RuntimeException the call's failure, as {@link Outcome#failed} or {@code failure} made it
	 */
	public O call(I input) {
		Pending<I, O> mine = new Pending<>(input, Thread.currentThread());
		this.queue.add(mine);
		while (mine.outcome == null) {
			if (this.runnerLock.tryLock()) {
				try {
					while (mine.outcome == null) {
						runQueued();
					}
				}
				finally {
					this.runnerLock.unlock();
				}
				Pending<I, O> oldest = this.queue.peek();
				if (oldest != null) {
					LockSupport.unpark(oldest.thread);
				}
			}
			else {
				LockSupport.park(this);
			}
		}
		if (mine.outcome.failure() != null) {
			throw mine.outcome.failure();
		}
		return mine.outcome.value();
	}

	/** Calls queued and not yet taken into a batch. */
	public int queued() {
		return this.queue.size();
	}

	private void runQueued() {
		List<Pending<I, O>> taken = new ArrayList<>();
		Pending<I, O> next;
		while (taken.size() < MAXIMUM_BATCH && (next = this.queue.poll()) != null) {
			taken.add(next);
		}
		try {
			List<Outcome<O>> outcomes = this.batch.run(taken.stream().map(pending -> pending.input).toList());
			for (int i = 0; i < taken.size(); i++) {
				taken.get(i).complete(outcomes.get(i));
			}
		}
		catch (Exception ex) {
			if (taken.size() > 1 && this.retryAlone.test(ex)) {
				taken.forEach(this::runAlone);
			}
			else {
				Outcome<O> failed = Outcome.failed(this.failure.apply(ex));
				taken.forEach(pending -> pending.complete(failed));
			}
		}
	}

	private void runAlone(Pending<I, O> pending) {
		try {
			pending.complete(this.batch.run(List.of(pending.input)).get(0));
		}
		catch (Exception ex) {
			pending.complete(Outcome.failed(this.failure.apply(ex)));
		}
	}

	/** One call waiting for its batch; its outcome is set by the running thread, then its thread woken. */
	private static final class Pending<I, O> {

		private final I input;

		private final Thread thread;

		private volatile Outcome<O> outcome;

		Pending(I input, Thread thread) {
			this.input = input;
			this.thread = thread;
		}

		void complete(Outcome<O> outcome) {
			this.outcome = outcome;
			LockSupport.unpark(this.thread);
		}

	}

}
