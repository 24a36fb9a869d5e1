/**
 * Durable tasks (the MCP tasks extension, {@code io.modelcontextprotocol/tasks}, SEP-2663): a long
 * tool call answered at once with a task id, whose status, input requests, result or error live in a
 * {@link io.github.mcpsessions.tasks.TaskStore}, so any replica answers {@code tasks/get} and a task
 * outlives the replica that runs it. {@link io.github.mcpsessions.tasks.DurableTasks} serves the
 * extension; {@link io.github.mcpsessions.tasks.TaskRecord} is what is stored;
 * {@link io.github.mcpsessions.tasks.InMemoryTaskStore} keeps tasks in one process;
 * {@link io.github.mcpsessions.tasks.TaskExecution} hands tasks to a job engine that runs them on any replica.
 */
package io.github.mcpsessions.tasks;
