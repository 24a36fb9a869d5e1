package io.github.mcpsessions.jdbc;

import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import io.github.mcpsessions.repository.SessionStoreException;

/**
 * Calls from concurrent requests run as one statement: a call joins a queue; the one thread that
 * holds the lock runs every call queued so far as one batch (one round trip, one commit), so
 * sessions started or restored at the same moment cost one statement between them, not one each
 * (group commit for saves, one {@code IN} query for reads). Alone, a call is one statement, as
 * before, and every call still returns only once its batch is done.
 *
 * <p>Waiting calls park until the running thread wakes them, each directly (no lock hand-over
 * from one waiter to the next); a thread whose own call is done hands the lock on by waking the
 * oldest call still queued. If a batch fails for another reason than the database being out of
 * reach, its calls run one by one, so one row the database refuses fails only its own call.
 *
 * @param <I> what one call takes
 * @param <O> what one call answers
 */
final class GroupedCalls<I, O> {

	/** Runs a batch; answers one outcome per input, in order. */
	@FunctionalInterface
	interface Batch<I, O> {

		List<Outcome<O>> run(List<I> inputs) throws SQLException;

	}

	/** What one call answers, or the exception it throws. */
	record Outcome<O>(O value, RuntimeException failure) {

		static <O> Outcome<O> of(O value) {
			return new Outcome<>(value, null);
		}

		static <O> Outcome<O> failed(RuntimeException failure) {
			return new Outcome<>(null, failure);
		}

	}

	private static final int MAXIMUM_BATCH = 64;

	private final Queue<Pending<I, O>> queue = new ConcurrentLinkedQueue<>();

	private final ReentrantLock runnerLock = new ReentrantLock();

	private final Batch<I, O> batch;

	private final String action;

	/** @param action what the calls do and where, for error messages: "save session in PostgreSQL table mcp_session" */
	GroupedCalls(Batch<I, O> batch, String action) {
		this.batch = batch;
		this.action = action;
	}

	/**
	 * Runs one call, batched with those queued beside it.
	 * @throws SessionStoreException if the database failed; any other exception of the batch as it is
	 */
	O call(I input) {
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
	int queued() {
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
		catch (SQLException ex) {
			if (taken.size() == 1 || unreachable(ex)) {
				Outcome<O> failed = Outcome.failed(failure(ex));
				taken.forEach(pending -> pending.complete(failed));
			}
			else {
				taken.forEach(this::runAlone);
			}
		}
		catch (RuntimeException ex) {
			taken.forEach(pending -> pending.complete(Outcome.failed(ex)));
		}
	}

	private void runAlone(Pending<I, O> pending) {
		try {
			pending.complete(this.batch.run(List.of(pending.input)).get(0));
		}
		catch (SQLException ex) {
			pending.complete(Outcome.failed(failure(ex)));
		}
		catch (RuntimeException ex) {
			pending.complete(Outcome.failed(ex));
		}
	}

	private SessionStoreException failure(SQLException ex) {
		return new SessionStoreException("Could not " + this.action + ": " + JdbcSessionRepository.rootMessage(ex), ex);
	}

	/** No connection, a broken one, or a timeout: running calls one by one would only wait longer. */
	private static boolean unreachable(SQLException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLTransientConnectionException || cause instanceof SQLTimeoutException
					|| (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
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
