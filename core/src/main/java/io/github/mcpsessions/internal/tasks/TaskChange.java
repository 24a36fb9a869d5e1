package io.github.mcpsessions.internal.tasks;

import java.util.Collection;
import java.util.Map;

import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.feature.ServerChange;

import io.github.mcpsessions.tasks.TaskRecord;

/**
 * A task's new status as {@code notifications/tasks} on {@code subscriptions/listen}: its
 * envelope (id, status, status message, times), heard by the listeners whose filter names it in
 * {@code taskIds}; the result, error or input requests stay with {@code tasks/get}.
 */
public record TaskChange(Map<String, Object> task) implements ServerChange {

	/** The notification's method. */
	public static final String METHOD = "notifications/tasks";

	/** The listen filter's field of the task ids a client follows. */
	public static final String TASK_IDS = "taskIds";

	public TaskChange {
		task = Map.copyOf(task);
	}

	static TaskChange of(TaskRecord task) {
		return new TaskChange(TaskWire.envelope(task));
	}

	@Override
	public String method() {
		return METHOD;
	}

	@Override
	public Object params() {
		return this.task;
	}

	@Override
	public boolean isHonouredBy(McpSchema.SubscriptionFilter filter) {
		return filter.get(TASK_IDS) instanceof Collection<?> ids && ids.contains(this.task.get("taskId"));
	}

}
