package io.github.mcpsessions.tasks;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TaskStore} in this process's memory: tasks live as long as the process, so they survive
 * neither a restart nor a replica's death, and other replicas do not see them. For tests and for a
 * single instance; use the JDBC or Redis store across replicas. Thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryTaskStore implements TaskStore {

	private final Map<String, TaskRecord> tasks = new ConcurrentHashMap<>();

	@Override
	public boolean create(TaskRecord task) {
		Objects.requireNonNull(task, "task");
		return this.tasks.putIfAbsent(task.id(), task) == null;
	}

	@Override
	public Optional<TaskRecord> find(String taskId) {
		return taskId == null ? Optional.empty() : Optional.ofNullable(this.tasks.get(taskId));
	}

	@Override
	public boolean replace(TaskRecord current, TaskRecord next) {
		TaskStore.checkReplacement(current, next);
		TaskRecord stored = this.tasks.get(current.id());
		return stored != null && stored.version() == current.version() && this.tasks.replace(current.id(), stored, next);
	}

	@Override
	public int deleteExpired(Instant now, int limit) {
		int deleted = 0;
		for (Iterator<TaskRecord> it = this.tasks.values().iterator(); it.hasNext() && deleted < limit;) {
			if (it.next().isExpiredAt(now)) {
				it.remove();
				deleted++;
			}
		}
		return deleted;
	}

	/** How many tasks are kept. */
	public int size() {
		return this.tasks.size();
	}

	@Override
	public String toString() {
		return "InMemoryTaskStore[" + this.tasks.size() + " tasks]";
	}

}
