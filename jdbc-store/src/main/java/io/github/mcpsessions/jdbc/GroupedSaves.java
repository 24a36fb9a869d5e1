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
 * Group commit for saves: a save joins a queue; the one thread that holds the writer lock writes
 * every save queued so far as one batch in one transaction, so sessions started at the same moment
 * cost one round trip and one commit between them, not one each. Alone, a save is one statement,
 * as before. Every save still returns only after its row is committed.
 *
 * <p>Waiting saves park until the writer wakes them, each directly, done or failed (no lock
 * hand-over from one waiter to the next); a writer whose own save is done hands the lock on by
 * waking the oldest save still queued.
 *
 * <p>If a batch fails for another reason than the database being out of reach, its saves are
 * written one by one, so one row the database refuses fails only its own save.
 */
final class GroupedSaves {

	/** Writes rows, each given as its statement's parameter values. */
	@FunctionalInterface
	interface BatchWriter {

		void write(List<Object[]> rows) throws SQLException;

	}

	private static final int MAXIMUM_BATCH = 64;

	private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();

	private final ReentrantLock writerLock = new ReentrantLock();

	private final BatchWriter writer;

	private final String description;

	GroupedSaves(BatchWriter writer, String description) {
		this.writer = writer;
		this.description = description;
	}

	/**
	 * Saves one row and returns once it is committed.
	 * @throws SessionStoreException if the database failed; any other exception of the writer as it is
	 */
	void save(Object[] row) {
		Pending mine = new Pending(row, Thread.currentThread());
		this.queue.add(mine);
		while (!mine.done) {
			if (this.writerLock.tryLock()) {
				try {
					while (!mine.done) {
						writeQueued();
					}
				}
				finally {
					this.writerLock.unlock();
				}
				Pending oldest = this.queue.peek();
				if (oldest != null) {
					LockSupport.unpark(oldest.thread);
				}
			}
			else {
				LockSupport.park(this);
			}
		}
		if (mine.failure != null) {
			throw mine.failure;
		}
	}

	/** Saves queued and not yet taken into a batch. */
	int queued() {
		return this.queue.size();
	}

	private void writeQueued() {
		List<Pending> batch = new ArrayList<>();
		Pending next;
		while (batch.size() < MAXIMUM_BATCH && (next = this.queue.poll()) != null) {
			batch.add(next);
		}
		try {
			this.writer.write(batch.stream().map(pending -> pending.row).toList());
			batch.forEach(Pending::succeed);
		}
		catch (SQLException ex) {
			if (batch.size() == 1 || unreachable(ex)) {
				SessionStoreException failure = failure(ex);
				batch.forEach(pending -> pending.fail(failure));
			}
			else {
				batch.forEach(this::writeAlone);
			}
		}
		catch (RuntimeException ex) {
			batch.forEach(pending -> pending.fail(ex));
		}
	}

	private void writeAlone(Pending pending) {
		try {
			this.writer.write(List.<Object[]>of(pending.row));
			pending.succeed();
		}
		catch (SQLException ex) {
			pending.fail(failure(ex));
		}
		catch (RuntimeException ex) {
			pending.fail(ex);
		}
	}

	private SessionStoreException failure(SQLException ex) {
		return new SessionStoreException("Could not save session in " + this.description + ": "
				+ JdbcSessionRepository.rootMessage(ex), ex);
	}

	/** No connection, a broken one, or a timeout: writing rows one by one would only wait longer. */
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

	/** One save waiting for its batch; its outcome is written by the writer, then its thread woken. */
	private static final class Pending {

		private final Object[] row;

		private final Thread thread;

		private volatile boolean done;

		private RuntimeException failure;

		Pending(Object[] row, Thread thread) {
			this.row = row;
			this.thread = thread;
		}

		void succeed() {
			this.done = true;
			LockSupport.unpark(this.thread);
		}

		void fail(RuntimeException failure) {
			this.failure = failure;
			this.done = true;
			LockSupport.unpark(this.thread);
		}

	}

}
