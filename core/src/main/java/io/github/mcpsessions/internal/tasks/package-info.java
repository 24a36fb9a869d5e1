/**
 * The tasks extension on the 2026-07-28 side: {@link io.github.mcpsessions.internal.tasks.TasksFeature}
 * answers {@code tools/call} with a task and serves {@code tasks/get}, {@code tasks/update} and
 * {@code tasks/cancel} from the store; {@link io.github.mcpsessions.internal.tasks.TaskRunner} runs
 * the tool in a bounded pool (or claims a task a job engine delivers), keeps its lease and settles
 * the task; {@link io.github.mcpsessions.internal.tasks.TaskChange} is a new status as
 * {@code notifications/tasks}.
 */
package io.github.mcpsessions.internal.tasks;
