package io.github.mcpsessions.tasks;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.server.McpFeature;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.modern.server.feature.McpChangeBroadcaster;

import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.internal.SettingChecks;
import io.github.mcpsessions.internal.tasks.TaskRunner;
import io.github.mcpsessions.internal.tasks.TaskSettings;
import io.github.mcpsessions.internal.tasks.TasksFeature;

/**
 * The MCP tasks extension ({@code io.modelcontextprotocol/tasks}, SEP-2663) for an SDK 2.2
 * 2026-07-28 server, on a {@link TaskStore}: a call of a task-supporting tool that does not answer
 * within {@link Builder#inlineWindow} is answered at once with a task, stored durably before its id
 * leaves the server, and runs on in a bounded pool of this replica; any replica answers
 * {@code tasks/get}, {@code tasks/update} and {@code tasks/cancel} from the store.
 *
 * <pre>{@code
 * DurableTasks tasks = DurableTasks.builder(JdbcTaskStore.builder(dataSource).build()).build();
 * McpServer.builder()
 *     .feature(tasks.withTasks(ToolsFeature.ofSync(repository), Map.of("export", TaskSupport.OPTIONAL)))
 *     ...
 * }</pre>
 *
 * <p>How a task's tool learns what happens to it: a cancel (from any replica) interrupts the thread
 * running it and shows in {@link RunningTask#isCancelled()} ({@link #running}); the client's answers to an {@code input_required} round come as the
 * {@code inputResponses} (and the round's {@code requestState}) of the next call, as in a multi
 * round-trip request; progress messages the tool sends through the SDK's notifier, or
 * {@link RunningTask#statusMessage}, become the task's {@code statusMessage}. A replica that stops renewing its lease (killed) leaves its tasks to be
 * failed by the next replica that reads them, at most {@link Builder#lease} after the last renewal.
 * Close (or {@link #drain}) it when the server stops. Thread-safe.
 *
 * @since 0.1.0
 */
public final class DurableTasks implements AutoCloseable {

	private final TaskRunner runner;

	private final TaskStore store;

	private DurableTasks(Builder builder) {
		this.store = builder.store;
		this.runner = new TaskRunner(builder.store,
				new TaskSettings(builder.concurrency, builder.queueSize, builder.ttl, builder.pollInterval, builder.lease,
						builder.checkInterval, builder.cleanupInterval, builder.inlineWindow, builder.maxResultChars,
						builder.replicaId, builder.jsonMapper, builder.clock, builder.changes, builder.execution,
						Set.copyOf(builder.rerunnable), builder.recoveryTimeout));
	}

	/** Starts tasks kept in {@code store}. */
	public static Builder builder(TaskStore store) {
		return new Builder(store);
	}

	/**
	 * {@code tools} (the server's tools feature, e.g. {@code ToolsFeature.ofSync(...)}) with the tasks
	 * extension: give the result to the server in place of {@code tools}. Tools missing from
	 * {@code taskSupport} are {@link TaskSupport#FORBIDDEN}.
	 */
	public McpFeature withTasks(McpFeature tools, Map<String, TaskSupport> taskSupport) {
		return new TasksFeature(Objects.requireNonNull(tools, "tools"), Objects.requireNonNull(taskSupport, "taskSupport"),
				this.runner);
	}

	/**
	 * The server whose tools the tasks run, needed when a {@link Builder#execution job engine} runs them:
	 * its worker on any replica calls the tool through this server, as the client's call would have.
	 * Call it once the server is built.
	 */
	public void serve(McpRequestManager server) {
		this.runner.serve(Objects.requireNonNull(server, "server"));
	}

	/**
	 * The call running for {@code context} (the request context the SDK gave the tool), for a tool
	 * written against the SDK's own types; {@code DualEraFeatures} tools get it from their
	 * {@code CallContext}. Empty for a call that is not task-supporting or no longer runs.
	 */
	public Optional<RunningTask> running(McpRequestContext context) {
		return this.runner.runningFor(context);
	}

	/**
	 * How many calls this replica answered within the inline window ({@code "inline"}), refused because
	 * its pool was full or it was draining ({@code "refused"}), turned into tasks ({@code "created"}), and
	 * how many tasks it ended as {@code "completed"}, {@code "failed"} or {@code "cancelled"}, since it
	 * started (for metrics: {@code SessionMetrics.monitor(DurableTasks)}).
	 */
	public long count(String outcome) {
		return this.runner.outcomes(Objects.requireNonNull(outcome, "outcome"));
	}

	/**
	 * Whether tasks can be created and read: the task store has started (see
	 * {@link TaskStore#readiness()}). Health endpoints and {@code DualEraServlet.Builder#readiness}
	 * take it beside the adapter's.
	 */
	public Readiness readiness() {
		return this.store.readiness();
	}

	/** How many tasks run here or wait here for the client's input. */
	public int activeTasks() {
		return this.runner.activeTasks();
	}

	/**
	 * A graceful stop: takes no new tasks (calls get 503 with {@code Retry-After}, the client retries on
	 * another replica), lets the running ones finish for up to {@code timeout}, then fails those left.
	 */
	public void drain(Duration timeout) {
		this.runner.drain(Objects.requireNonNull(timeout, "timeout"));
	}

	/** Fails the tasks still running or waiting for input here, and stops. */
	@Override
	public void close() {
		this.runner.close();
	}

	/** Configures {@link DurableTasks}. */
	public static final class Builder {

		private final TaskStore store;

		private int concurrency = 16;

		private int queueSize = 64;

		private Duration ttl = Duration.ofHours(1);

		private Duration pollInterval = Duration.ofSeconds(1);

		private Duration lease = Duration.ofSeconds(10);

		private Duration checkInterval = Duration.ofMillis(250);

		private Duration cleanupInterval = Duration.ofMinutes(10);

		private Duration inlineWindow = Duration.ofMillis(100);

		private int maxResultChars = 4 * 1024 * 1024;

		private String replicaId = UUID.randomUUID().toString();

		private McpJsonMapper jsonMapper = McpJsonDefaults.getMapper();

		private Clock clock = Clock.systemUTC();

		private McpChangeBroadcaster changes;

		private TaskExecution execution;

		private final java.util.Set<String> rerunnable = new java.util.HashSet<>();

		private Duration recoveryTimeout = Duration.ofMinutes(2);

		private Builder(TaskStore store) {
			this.store = Objects.requireNonNull(store, "store");
		}

		/** How many tasks run at once on this replica (default 16). */
		public Builder concurrency(int concurrency) {
			this.concurrency = (int) SettingChecks.atLeastOne("concurrency", concurrency);
			return this;
		}

		/** How many calls wait for a free slot; beyond that a call gets 503 with {@code Retry-After} (default 64). */
		public Builder queueSize(int queueSize) {
			this.queueSize = (int) SettingChecks.atLeastOne("queueSize", queueSize);
			return this;
		}

		/** How long a task is kept after it was created, whatever its status: its {@code ttlMs} (default 1 hour). */
		public Builder ttl(Duration ttl) {
			this.ttl = SettingChecks.positive("ttl", ttl);
			return this;
		}

		/** How often clients are asked to poll: {@code pollIntervalMs} (default 1 second). */
		public Builder pollInterval(Duration pollInterval) {
			this.pollInterval = SettingChecks.positive("pollInterval", pollInterval);
			return this;
		}

		/**
		 * How long a replica's claim on its tasks lasts without renewal (default 10 seconds): a killed
		 * replica's tasks fail this long after its last renewal, at the latest. Renewed at half of it.
		 */
		public Builder lease(Duration lease) {
			this.lease = SettingChecks.positive("lease", lease);
			return this;
		}

		/**
		 * How often this replica looks at its tasks in the store (default 250 ms): how soon a cancel or
		 * the client's input sent to another replica reaches the running tool.
		 */
		public Builder checkInterval(Duration checkInterval) {
			this.checkInterval = SettingChecks.positive("checkInterval", checkInterval);
			return this;
		}

		/** How often expired tasks are deleted from stores that keep them (default 10 minutes). */
		public Builder cleanupInterval(Duration cleanupInterval) {
			this.cleanupInterval = SettingChecks.positive("cleanupInterval", cleanupInterval);
			return this;
		}

		/**
		 * How long a call may take to answer before it becomes a task (default 100 ms): a quick call, or
		 * a first {@code input_required} round, is answered directly.
		 */
		public Builder inlineWindow(Duration inlineWindow) {
			this.inlineWindow = SettingChecks.notNegative("inlineWindow", inlineWindow);
			return this;
		}

		/** The largest result a task keeps, in characters of JSON; a larger one fails the task (default 4 Mi). */
		public Builder maxResultChars(int maxResultChars) {
			this.maxResultChars = (int) SettingChecks.atLeastOne("maxResultChars", maxResultChars);
			return this;
		}

		/** This replica's name in the store's leases (default a random UUID). */
		public Builder replicaId(String replicaId) {
			this.replicaId = Objects.requireNonNull(replicaId, "replicaId");
			return this;
		}

		/** The mapper of stored results and requests (default the SDK's). */
		public Builder jsonMapper(McpJsonMapper jsonMapper) {
			this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
			return this;
		}

		/**
		 * Where a task's new status is announced as {@code notifications/tasks}, for clients that follow
		 * it with {@code subscriptions/listen} (filter {@code taskIds}): give the server's own change
		 * feed ({@code McpServer.builder().subscriptions(feed)}), a {@code BusChangeFeed} so listeners
		 * on every replica hear it. Default none: clients poll {@code tasks/get}.
		 */
		public Builder changes(McpChangeBroadcaster changes) {
			this.changes = Objects.requireNonNull(changes, "changes");
			return this;
		}

		/**
		 * Runs tasks on a job engine instead of this replica's pool: a new task is handed to it (durably,
		 * before its id leaves the server) and runs on whichever replica's worker the engine picks; call
		 * {@link DurableTasks#serve} with the server once it is built. There is no inline window then:
		 * every call of a task-supporting tool from a client with the extension is a task.
		 */
		public Builder execution(TaskExecution execution) {
			this.execution = Objects.requireNonNull(execution, "execution");
			return this;
		}

		/**
		 * Tools whose calls may be run again from the start (idempotent ones): with a job engine, a task
		 * of one whose worker died is delivered again and rerun; others fail when their lease runs out.
		 */
		public Builder rerunnable(java.util.Collection<String> toolNames) {
			this.rerunnable.addAll(Objects.requireNonNull(toolNames, "toolNames"));
			return this;
		}

		/**
		 * How long a task may wait for the job engine: to be picked up after it was submitted, and to be
		 * delivered again after its worker died (rerunnable tools); after that it is failed (default 2 minutes).
		 */
		public Builder recoveryTimeout(Duration recoveryTimeout) {
			this.recoveryTimeout = SettingChecks.positive("recoveryTimeout", recoveryTimeout);
			return this;
		}

		/** The clock of timestamps, leases and expiry (for tests). */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Builds it and starts its lease and clean-up thread.
		 * @throws IllegalArgumentException if the check interval is not shorter than half the lease
		 * (a lease would run out between two renewals)
		 */
		public DurableTasks build() {
			if (this.checkInterval.compareTo(this.lease.dividedBy(2)) >= 0) {
				throw new IllegalArgumentException("checkInterval (" + this.checkInterval
						+ ") must be shorter than half the lease (" + this.lease + "): leases are renewed at that check");
			}
			return new DurableTasks(this);
		}

	}

}
