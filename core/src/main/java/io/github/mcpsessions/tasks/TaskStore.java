package io.github.mcpsessions.tasks;

import java.time.Instant;
import java.util.Optional;

import io.github.mcpsessions.health.Readiness;

/**
 * Keeps tasks so that any replica answers for them and they outlive the replica that runs them:
 * created durably before their id leaves the server (an immediate {@code tasks/get} on another
 * replica finds the task), changed only by compare-and-set, kept at least until
 * {@link TaskRecord#expiresAt()}.
 *
 * <p>Stores keep records as given and judge nothing: who may see a task, whether it expired and
 * whether its runner died is for the caller to tell from the record. A stored record that cannot
 * be read back is reported as {@link io.github.mcpsessions.repository.UnreadableRecordException}.
 *
 * <p>Implementations are thread-safe; every method may block on I/O and throws
 * {@link io.github.mcpsessions.repository.SessionStoreException} when the store cannot be reached.
 *
 * @since 0.1.0
 */
public interface TaskStore {

	/**
	 * Stores a new task; returns once it is durable.
	 * @return {@code false}, storing nothing, if a task with its id exists
	 */
	boolean create(TaskRecord task);

	/** The task with {@code taskId}, whatever its status, or empty if there is none (or it was deleted). */
	Optional<TaskRecord> find(String taskId);

	/**
	 * Stores {@code next} in place of {@code current} if the stored task is still at
	 * {@code current}'s version.
	 * @return whether it was stored; {@code false} if the task changed meanwhile or is gone
	 * @throws IllegalArgumentException if {@code next} is not the next version of the same task
	 */
	boolean replace(TaskRecord current, TaskRecord next);

	/**
	 * Deletes tasks that expired before {@code now} ({@link TaskRecord#isExpiredAt}), at most about
	 * {@code limit} of them; stores whose keys expire by themselves delete nothing here.
	 * @return how many were deleted
	 */
	int deleteExpired(Instant now, int limit);

	/**
	 * Whether this store can serve: one built while its server is down is not ready until it reached
	 * it (and created its schema, if asked) in the background. Cheap: no call to the server. Default: ready.
	 */
	default Readiness readiness() {
		return Readiness.READY;
	}

	/** Checks that {@code next} may replace {@code current}, for implementations. */
	static void checkReplacement(TaskRecord current, TaskRecord next) {
		if (!current.id().equals(next.id()) || next.version() != current.version() + 1) {
			throw new IllegalArgumentException("A replacement must be the next version of the same task");
		}
	}

}
