package io.github.mcpsessions.tasks;

import java.util.Optional;

/**
 * What a task-supporting tool sees of its call while it runs under {@link DurableTasks}: whether the
 * client cancelled it (on any replica) and a way to tell the client how far it got. A call answered
 * within the inline window never becomes a task; one that takes longer does, and from then on
 * {@link #taskId()} names it. Thread-safe.
 *
 * @since 0.1.0
 */
public interface RunningTask {

	/** The task's id, once the call became a task; empty while it may still be answered directly. */
	Optional<String> taskId();

	/**
	 * Whether the client cancelled the task. The thread running the tool is interrupted too, so
	 * blocking calls end early; long loops that do not block should check this.
	 */
	boolean isCancelled();

	/**
	 * What {@code tasks/get} shows as the task's {@code statusMessage}; written to the store with the
	 * next lease check ({@link DurableTasks.Builder#checkInterval}), so calling it often costs nothing.
	 */
	void statusMessage(String message);

}
