package io.github.mcpsessions.tasks.quartz;

import java.time.Duration;
import java.util.Date;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;

import io.github.mcpsessions.tasks.TaskExecution;

/**
 * The Quartz job of one task: runs it through this node's worker, and fires again later when another
 * node still holds the task (which may have died).
 */
public final class TaskJob implements Job {

	@Override
	public void execute(JobExecutionContext context) throws JobExecutionException {
		String taskId = context.getMergedJobDataMap().getString(QuartzTaskExecution.TASK_ID);
		try {
			Object worker = context.getScheduler().getContext().get(QuartzTaskExecution.WORKER);
			if (!(worker instanceof TaskExecution.Worker taskWorker)) {
				throw new JobExecutionException("No DurableTasks on this node's scheduler to run task "
						+ taskId.substring(0, Math.min(8, taskId.length())) + "...", true);
			}
			Duration again = taskWorker.run(taskId);
			if (again != null) {
				context.getScheduler()
					.scheduleJob(TriggerBuilder.newTrigger()
						.withIdentity(taskId + "-" + System.nanoTime(), QuartzTaskExecution.GROUP)
						.forJob(context.getJobDetail().getKey())
						.startAt(new Date(System.currentTimeMillis() + again.toMillis()))
						.build());
			}
		}
		catch (SchedulerException ex) {
			throw new JobExecutionException(ex);
		}
	}

}
