package io.github.mcpsessions.tasks.quartz;

import java.util.Objects;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.tasks.TaskExecution;

/**
 * Durable tasks run by Quartz: each new task is a Quartz job (group {@value #GROUP}, named by the task
 * id) in the scheduler's job store, run by whichever node of the cluster fires it. With Quartz's
 * clustered JDBC job store ({@code org.quartz.jobStore.isClustered=true}, on the database the
 * replicas already share) any replica's worker takes tasks up, and the job of a rerunnable task
 * asks for recovery, so Quartz fires it again on another node when its node dies.
 *
 * <pre>{@code
 * Scheduler scheduler = QuartzSchedulers.clustered(dataSource, "mcp-tasks", 8);  // or your own
 * DurableTasks tasks = DurableTasks.builder(taskStore)
 *     .execution(QuartzTaskExecution.of(scheduler))
 *     .rerunnable(List.of("export"))
 *     .build();
 * // after the 2026-07-28 server is built:
 * tasks.serve(modernServer);
 * scheduler.start();
 * }</pre>
 *
 * <p>One {@code DurableTasks} per scheduler (the worker lives in the scheduler's context). The
 * scheduler's thread pool bounds how many tasks run at once on a replica. Thread-safe.
 *
 * @since 0.1.0
 */
public final class QuartzTaskExecution implements TaskExecution {

	/** The Quartz group of the tasks' jobs and triggers. */
	public static final String GROUP = "mcp-tasks";

	static final String WORKER = "io.github.mcpsessions.tasks.worker";

	static final String TASK_ID = "taskId";

	private final Scheduler scheduler;

	private QuartzTaskExecution(Scheduler scheduler) {
		this.scheduler = scheduler;
	}

	/** Tasks as jobs of {@code scheduler}, which the application starts (and shuts down). */
	public static QuartzTaskExecution of(Scheduler scheduler) {
		return new QuartzTaskExecution(Objects.requireNonNull(scheduler, "scheduler"));
	}

	@Override
	public void start(Worker worker) {
		try {
			this.scheduler.getContext().put(WORKER, worker);
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("The Quartz scheduler's context cannot be written: " + ex.getMessage(), ex);
		}
	}

	/** Puts this node's scheduler in standby: it fires no more jobs here (a drain, a stop); others still do. */
	@Override
	public void close() {
		try {
			this.scheduler.standby();
		}
		catch (SchedulerException ex) {
			throw new IllegalStateException("The Quartz scheduler did not stand by: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void submit(String taskId, boolean rerunnable) {
		JobDetail job = JobBuilder.newJob(TaskJob.class)
			.withIdentity(taskId, GROUP)
			.usingJobData(TASK_ID, taskId)
			.requestRecovery(rerunnable)
			.build();
		Trigger now = TriggerBuilder.newTrigger().withIdentity(taskId, GROUP).forJob(job).startNow().build();
		try {
			this.scheduler.scheduleJob(job, now);
		}
		catch (SchedulerException ex) {
			throw new SessionStoreException("Quartz could not take task " + taskId.substring(0, Math.min(8, taskId.length()))
					+ "...: " + ex.getMessage(), ex);
		}
	}

}
