package io.github.mcpsessions.tasks;

/**
 * Where tasks run when not in the pool of the replica that created them: a job engine that any
 * replica's worker takes jobs from (module {@code mcp-sessions-tasks-quartz}: Quartz's clustered JDBC
 * job store). {@link DurableTasks} {@linkplain #start starts} it with the worker that runs a task on
 * the engine's thread of whichever replica the engine chose, and {@linkplain #submit submits} each
 * new task to it.
 *
 * <p>The engine delivers each task at least once; a delivery of a task that already runs elsewhere,
 * or has ended, does nothing. A task marked {@code rerunnable} (its tool is declared idempotent) whose
 * worker died may be delivered again and is then run again from the start; any other task whose worker
 * died fails when its lease runs out.
 *
 * @since 0.1.0
 */
public interface TaskExecution extends AutoCloseable {

	/** What runs one task on this replica, on the calling thread, until it ends or waits for input. */
	@FunctionalInterface
	interface Worker {

		/**
		 * Runs the task, or finds that it ended or is not to run again.
		 * @return {@code null} when the delivery is done; else how long to wait before delivering the
		 *         task again (another replica still holds it, and may have died)
		 */
		java.time.Duration run(String taskId);

	}

	/** Called once, when {@link DurableTasks} is built: the worker this replica's engine threads call. */
	void start(Worker worker);

	/**
	 * Hands a new task to the engine; returns once the engine has it durably (before its id leaves
	 * the server).
	 * @param rerunnable whether a run cut short by a dead worker may be delivered and run again
	 * @throws io.github.mcpsessions.repository.SessionStoreException if the engine cannot take it now
	 */
	void submit(String taskId, boolean rerunnable);

	/** Stops taking jobs on this replica. */
	@Override
	default void close() {
	}

}
