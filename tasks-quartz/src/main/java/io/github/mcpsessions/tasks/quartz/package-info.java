/**
 * Durable tasks run by Quartz's clustered JDBC job store, so any replica's worker takes a task up and
 * a task of a rerunnable tool runs again when its worker died. Start at
 * {@link io.github.mcpsessions.tasks.quartz.QuartzTaskExecution}; {@link io.github.mcpsessions.tasks.quartz.QuartzSchedulers}
 * builds a clustered scheduler on the application's {@code DataSource}.
 */
package io.github.mcpsessions.tasks.quartz;
