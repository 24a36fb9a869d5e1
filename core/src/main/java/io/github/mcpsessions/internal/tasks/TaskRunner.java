package io.github.mcpsessions.internal.tasks;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpAsyncNotifier;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.server.McpAsyncResponse;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.github.mcpsessions.internal.jsonrpc.JsonRpcErrors;
import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.tasks.RunningTask;
import io.github.mcpsessions.tasks.TaskRecord;
import io.github.mcpsessions.tasks.TaskStatus;
import io.github.mcpsessions.tasks.TaskStore;

/**
 * Runs task-supporting tool calls in a bounded pool and keeps their tasks: a call that answers
 * within the inline window is answered directly; a slower one is stored as a task (durably, before
 * its id is returned) and settled in the store when the tool returns. A tick renews the leases of
 * the tasks running here, carries out what other replicas wrote (a cancel, the client's answers to
 * an input request) and retries settlements the store refused.
 */
public final class TaskRunner implements AutoCloseable {

	/** What a call of the tool gives: the SDK's response for these params. */
	@FunctionalInterface
	public interface Call {

		Mono<? extends McpAsyncResponse<? extends McpSchema.Result>> run(Map<String, Object> params);

	}

	static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {
	};

	/** The transport-context key that marks a call as the run of a stored task, by an engine's worker. */
	static final String RUN_KEY = "io.github.mcpsessions.tasks.run";

	private static final Logger logger = LoggerFactory.getLogger(TaskRunner.class);

	private static final int CAS_ATTEMPTS = 8;

	private static final int CLEANUP_BATCH = 1_000;

	private final TaskStore store;

	private final TaskSettings settings;

	private final ThreadPoolExecutor pool;

	private final ScheduledExecutorService ticker;

	private final Map<String, Running> running = new ConcurrentHashMap<>();

	private final Map<Object, Running> byContext = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

	private final SecureRandom random = new SecureRandom();

	private volatile boolean accepting = true;

	private volatile McpRequestManager server;

	private final Map<String, java.util.concurrent.atomic.LongAdder> outcomes = new ConcurrentHashMap<>();

	public TaskRunner(TaskStore store, TaskSettings settings) {
		this.store = store;
		this.settings = settings;
		AtomicInteger threads = new AtomicInteger();
		this.pool = new ThreadPoolExecutor(settings.concurrency(), settings.concurrency(), 30, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(settings.queueSize()), runnable -> {
					Thread thread = new Thread(runnable, "mcp-task-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.pool.allowCoreThreadTimeOut(true);
		this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "mcp-task-lease");
			thread.setDaemon(true);
			return thread;
		});
		long tick = settings.tick().toMillis();
		this.ticker.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
		if (settings.execution() != null) {
			settings.execution().start(this::runStored);
		}
		long cleanup = settings.cleanupInterval().toMillis();
		this.ticker.scheduleWithFixedDelay(this::deleteExpired, cleanup, cleanup, TimeUnit.MILLISECONDS);
	}

	private void deleteExpired() {
		try {
			this.store.deleteExpired(this.settings.clock().instant(), CLEANUP_BATCH);
		}
		catch (RuntimeException ex) {
			logger.debug("Expired tasks not deleted this time: {}", ex.getMessage());
		}
	}

	TaskSettings settings() {
		return this.settings;
	}

	/** How many tasks this replica runs or holds parked for input. */
	public int activeTasks() {
		return this.running.size();
	}

	/**
	 * Runs {@code call}: the tool's own answer if it comes within the inline window, else a
	 * {@code CreateTaskResult} for the task stored for it.
	 */
	Mono<McpAsyncResponse<? extends McpSchema.Result>> start(Object context, Map<String, Object> params,
			String toolName, String owner, Call call) {
		if (!this.accepting) {
			count("refused");
			return Mono.error(busy("The server is shutting down and takes no new tasks; retry on another replica"));
		}
		if (this.settings.execution() != null) {
			return Mono.<McpAsyncResponse<? extends McpSchema.Result>>fromCallable(() -> submit(params, toolName, owner))
				.subscribeOn(Schedulers.boundedElastic());
		}
		Running run = new Running(context, call, params);
		this.byContext.put(context, run);
		CompletableFuture<McpSchema.Result> first = new CompletableFuture<>();
		try {
			run.work = this.pool.submit(() -> round(run, params, first));
		}
		catch (RejectedExecutionException ex) {
			this.byContext.remove(context);
			count("refused");
			return Mono.error(busy("All " + this.settings.concurrency() + " task slots and the queue of "
					+ this.settings.queueSize() + " are taken; retry later"));
		}
		Mono<McpAsyncResponse<? extends McpSchema.Result>> asTask = Mono
			.<McpAsyncResponse<? extends McpSchema.Result>>fromCallable(() -> createTask(run, params, toolName, owner, first))
			.subscribeOn(Schedulers.boundedElastic());
		if (this.settings.inlineWindow().isZero()) {
			return asTask;
		}
		return Mono.fromFuture(first, true)
			.timeout(this.settings.inlineWindow(), Schedulers.parallel())
			.<McpAsyncResponse<? extends McpSchema.Result>>map(McpAsyncResponse::result)
			.doOnEach(signal -> {
				if (signal.isOnNext() || (signal.isOnError() && !(signal.getThrowable() instanceof TimeoutException))) {
					this.byContext.remove(context);
					count("inline");
				}
			})
			.onErrorResume(TimeoutException.class, timeout -> asTask);
	}

	/** The server the engine's worker runs stored tasks through (it calls the tool as the SDK would). */
	public void serve(McpRequestManager server) {
		this.server = server;
	}

	/** Stores a task for the job engine and hands it over; no runner holds it until a worker claims it. */
	private McpAsyncResponse<? extends McpSchema.Result> submit(Map<String, Object> params, String toolName,
			String owner) {
		Instant now = this.settings.clock().instant();
		TaskRecord task = TaskRecord.created(newId(), owner, toolName, json(params), now, this.settings.ttl(),
				this.settings.pollInterval(), null, now.plus(this.settings.recoveryTimeout()));
		try {
			if (!this.store.create(task)) {
				throw new IllegalStateException("A task id was drawn twice");
			}
			announce(task);
			this.settings.execution().submit(task.id(), this.settings.rerunnable().contains(toolName));
		}
		catch (SessionStoreException ex) {
			logger.warn("A task could not be created or handed to the job engine, the call answered 503: {}",
					ex.getMessage());
			String failure = json(Map.of("code", JsonRpcErrors.INTERNAL_ERROR, "message",
					"The job engine could not take the task"));
			try {
				update(task.id(), current -> current.failed(failure, now));
			}
			catch (RuntimeException ignored) {
				// the task fails when its pick-up bound runs out
			}
			throw storeDown();
		}
		return McpAsyncResponse.result(TaskWire.created(task));
	}

	/**
	 * Runs a stored task on the calling thread (an engine's worker): claims it for this replica and
	 * calls the tool through the server, as the client's call would have; nothing if it ended, runs
	 * elsewhere, or cannot be run again.
	 */
	java.time.Duration runStored(String taskId) {
		McpRequestManager target = this.server;
		Optional<TaskRecord> found = this.store.find(taskId);
		Instant now = this.settings.clock().instant();
		if (found.isEmpty() || found.get().status().isTerminal() || found.get().isExpiredAt(now)) {
			return null;
		}
		TaskRecord task = found.get();
		boolean claimedBefore = task.runner() != null;
		if (this.running.containsKey(taskId) || (claimedBefore && !task.isAbandonedAt(now))) {
			// another worker holds it: look again once its lease could have run out
			return java.time.Duration.between(now, task.leaseUntil()).plusMillis(1).abs();
		}
		if (target == null || (claimedBefore && !this.settings.rerunnable().contains(task.toolName()))) {
			String failure = json(Map.of("code", JsonRpcErrors.INTERNAL_ERROR, "message", target == null
					? "No server to run the task on this replica (DurableTasks.serve was not called)"
					: "The server running the task stopped before it finished, and its tool is not declared rerunnable"));
			update(taskId, current -> current.failed(failure, now));
			return null;
		}
		TaskRecord claimed = task.leasedTo(this.settings.replicaId(), now.plus(this.settings.lease()));
		if (!this.store.replace(task, claimed)) {
			return this.settings.lease();
		}
		Map<String, Object> params = parse(task.params());
		Map<String, Object> context = new LinkedHashMap<>();
		context.put(RUN_KEY, taskId);
		if (task.owner() != null) {
			context.put(io.github.mcpsessions.eras.DualEraServlet.OWNER, task.owner());
		}
		target.handle(McpTransportContext.create(context),
				new JsonRpc.JSONRPCRequest(JsonRpc.JSONRPC_VERSION, "tools/call", "task-" + prefix(taskId), params))
			.block();
		return null;
	}

	/** The tool run of a stored task a worker claimed, on the worker's thread (see {@link #runStored}). */
	Mono<McpAsyncResponse<? extends McpSchema.Result>> runClaimed(Object context, Map<String, Object> params,
			String taskId, Call call) {
		return Mono.fromCallable(() -> {
			Running run = new Running(context, call, params);
			run.id = taskId;
			run.last = this.store.find(taskId).orElse(null);
			this.running.put(taskId, run);
			this.byContext.put(context, run);
			CompletableFuture<McpSchema.Result> outcome = new CompletableFuture<>();
			java.util.concurrent.FutureTask<Void> work = new java.util.concurrent.FutureTask<>(
					() -> round(run, params, outcome), null);
			run.work = work;
			work.run();
			McpSchema.Result result = null;
			Throwable error = null;
			try {
				result = outcome.getNow(null);
			}
			catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException ex) {
				error = ex.getCause() != null ? ex.getCause() : ex;
			}
			if (result == null && error == null) {
				error = new McpException(JsonRpcErrors.INTERNAL_ERROR, "The tool was stopped");
			}
			settle(run, result, error);
			return McpAsyncResponse.<McpSchema.Result>result(WireResult.ack());
		});
	}

	private McpAsyncResponse<? extends McpSchema.Result> createTask(Running run, Map<String, Object> params,
			String toolName, String owner, CompletableFuture<McpSchema.Result> first) {
		Instant now = this.settings.clock().instant();
		TaskRecord task = TaskRecord.created(newId(), owner, toolName, json(params), now, this.settings.ttl(),
				this.settings.pollInterval(), this.settings.replicaId(), now.plus(this.settings.lease()));
		try {
			if (!this.store.create(task)) {
				throw new IllegalStateException("A task id was drawn twice");
			}
		}
		catch (RuntimeException ex) {
			run.cancelled = true;
			run.work.cancel(true);
			this.byContext.remove(run.context);
			if (ex instanceof SessionStoreException) {
				logger.warn("A task could not be created, the call answered 503: {}", ex.getMessage());
				throw storeDown();
			}
			throw ex;
		}
		run.id = task.id();
		run.last = task;
		this.running.put(task.id(), run);
		announce(task);
		first.whenComplete((result, error) -> settle(run, result, error));
		return McpAsyncResponse.result(TaskWire.created(task));
	}

	private void round(Running run, Map<String, Object> params, CompletableFuture<McpSchema.Result> outcome) {
		try {
			McpAsyncResponse<? extends McpSchema.Result> response = run.call.run(params).block();
			Object result;
			if (response instanceof McpAsyncResponse.Streaming<? extends McpSchema.Result> streaming) {
				result = streaming.body().run(run.notifier()).block();
			}
			else if (response instanceof McpAsyncResponse.Result<? extends McpSchema.Result> answer) {
				result = answer.result();
			}
			else {
				result = null;
			}
			if (result instanceof McpSchema.Result done) {
				outcome.complete(done);
			}
			else {
				outcome.completeExceptionally(new McpException(JsonRpcErrors.INTERNAL_ERROR, "The tool gave no result"));
			}
		}
		catch (Throwable ex) {
			outcome.completeExceptionally(Exceptions.unwrap(ex));
		}
	}

	private void settle(Running run, McpSchema.Result result, Throwable error) {
		synchronized (run) {
			Instant now = this.settings.clock().instant();
			if (error == null && result instanceof McpSchema.InputRequired input) {
				run.requestState = input.requestState();
				run.parked = true;
				String requests = json(input.inputRequests());
				run.settlement = current -> current.requiringInput(requests, now);
			}
			else if (error != null) {
				String failure = json(TaskWire.error(error));
				run.settlement = current -> current.failed(failure, now);
			}
			else {
				String text = json(TaskWire.inlined(result, this.settings.jsonMapper()));
				String failure = json(Map.of("code", JsonRpcErrors.INTERNAL_ERROR, "message",
						"The tool's result has " + text.length() + " characters, more than the " + this.settings.maxResultChars()
								+ " a task keeps"));
				run.settlement = current -> text.length() > this.settings.maxResultChars() ? current.failed(failure, now)
						: current.completed(text, now);
			}
		}
		flush(run);
	}

	/**
	 * Writes a run's pending settlement, once (the pool's thread and the tick may both try); a store
	 * that refuses is tried again on the next tick.
	 */
	private void flush(Running run) {
		synchronized (run) {
			UnaryOperator<TaskRecord> settlement = run.settlement;
			if (settlement == null) {
				return;
			}
			try {
				settleFrom(run, settlement);
				run.settlement = null;
				if (!run.parked) {
					forget(run);
				}
			}
			catch (SessionStoreException ex) {
				logger.debug("Task {}... could not be settled yet: {}", prefix(run.id), ex.getMessage());
			}
		}
	}

	/** Applies {@code change} to the record this replica wrote last, if it is still the stored one; else as {@link #update}. */
	private void settleFrom(Running run, UnaryOperator<TaskRecord> change) {
		TaskRecord last = run.last;
		if (last != null && !last.status().isTerminal()) {
			TaskRecord next = change.apply(last);
			if (this.store.replace(last, next)) {
				run.last = next;
				announce(next);
				return;
			}
		}
		update(run.id, change).ifPresent(stored -> run.last = stored);
	}

	/**
	 * Applies {@code change} to the stored task by compare-and-set, again on a conflict; nothing if
	 * the task is gone or terminal.
	 * @return the stored result, or empty
	 */
	Optional<TaskRecord> update(String taskId, Function<TaskRecord, TaskRecord> change) {
		for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
			Optional<TaskRecord> found = this.store.find(taskId);
			if (found.isEmpty() || found.get().status().isTerminal()) {
				return found;
			}
			TaskRecord next = change.apply(found.get());
			if (next == found.get()) {
				return found;
			}
			if (this.store.replace(found.get(), next)) {
				if (next.status() != found.get().status()) {
					announce(next);
				}
				return Optional.of(next);
			}
		}
		throw new SessionStoreException("Task " + prefix(taskId) + "... kept changing; gave up after " + CAS_ATTEMPTS
				+ " attempts", null);
	}

	/**
	 * The task as stored; one whose runner stopped renewing its lease is failed first, so a task is
	 * never {@code working} for ever.
	 */
	Optional<TaskRecord> read(String taskId) {
		Optional<TaskRecord> found = this.store.find(taskId);
		Instant now = this.settings.clock().instant();
		if (found.isPresent() && found.get().isAbandonedAt(now) && !awaitsRerun(found.get(), now)) {
			String failure = json(Map.of("code", JsonRpcErrors.INTERNAL_ERROR, "message",
					"The server running the task stopped before it finished (its lease ran out)"));
			return update(taskId, current -> current.isAbandonedAt(now) ? current.failed(failure, now) : current);
		}
		return found;
	}

	/** Whether a job engine may still deliver the abandoned task again (a rerunnable tool, within the recovery bound). */
	private boolean awaitsRerun(TaskRecord task, Instant now) {
		return this.settings.execution() != null && task.runner() != null
				&& this.settings.rerunnable().contains(task.toolName())
				&& !now.isAfter(task.leaseUntil().plus(this.settings.recoveryTimeout()));
	}

	/** Stops the work of a task this replica runs, if it runs it (after it was cancelled or failed). */
	void stopHere(String taskId) {
		Running run = this.running.get(taskId);
		if (run != null) {
			run.cancelled = true;
			forget(run);
			if (run.work != null) {
				run.work.cancel(true);
			}
		}
	}

	private void forget(Running run) {
		this.running.remove(run.id);
		this.byContext.remove(run.context);
	}

	/** The call running for {@code context} (the SDK's request context the tool was given), if any. */
	public Optional<RunningTask> runningFor(Object context) {
		return Optional.ofNullable(this.byContext.get(context));
	}

	private void count(String outcome) {
		this.outcomes.computeIfAbsent(outcome, name -> new java.util.concurrent.atomic.LongAdder()).increment();
	}

	/**
	 * How often this replica saw each outcome: {@code inline} (answered within the window),
	 * {@code refused} (pool full or draining), {@code created}, and the terminal statuses it wrote
	 * ({@code completed}, {@code failed}, {@code cancelled}).
	 */
	public long outcomes(String outcome) {
		java.util.concurrent.atomic.LongAdder adder = this.outcomes.get(outcome);
		return adder == null ? 0 : adder.sum();
	}

	/** Tells the listeners of {@code subscriptions/listen} that the task has a new status (best effort). */
	private void announce(TaskRecord task) {
		if (task.version() == 0) {
			count("created");
		}
		else if (task.status().isTerminal()) {
			count(task.status().wireName());
		}
		if (this.settings.changes() == null) {
			return;
		}
		try {
			this.settings.changes().broadcast(TaskChange.of(task));
		}
		catch (RuntimeException ex) {
			logger.debug("Task {}... status not announced: {}", prefix(task.id()), ex.getMessage());
		}
	}

	private void tick() {
		Instant now = this.settings.clock().instant();
		for (Running run : this.running.values()) {
			try {
				if (run.settlement != null) {
					flush(run);
					continue;
				}
				Optional<TaskRecord> found = this.store.find(run.id);
				if (found.isEmpty() || found.get().status().isTerminal() || found.get().isExpiredAt(now)) {
					stopHere(run.id);
					continue;
				}
				TaskRecord task = found.get();
				run.last = task;
				String message = run.message;
				if (message != null && !message.equals(task.statusMessage())) {
					TaskRecord next = task.withStatusMessage(message, now);
					if (this.store.replace(task, next)) {
						task = next;
					}
				}
				if (task.leaseUntil() == null || task.leaseUntil().isBefore(now.plus(this.settings.lease().dividedBy(2)))) {
					TaskRecord next = task.leasedTo(this.settings.replicaId(), now.plus(this.settings.lease()));
					if (this.store.replace(task, next)) {
						task = next;
					}
				}
				run.last = task;
				synchronized (run) {
					if (run.settlement == null && run.parked && task.status() == TaskStatus.WORKING
							&& task.inputResponses() != null) {
						resume(run, task);
					}
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Task {}... tick failed: {}", prefix(run.id), ex.getMessage());
			}
		}
	}

	private void resume(Running run, TaskRecord task) {
		Map<String, Object> params = new LinkedHashMap<>(run.params);
		params.put("inputResponses", parse(task.inputResponses()));
		if (run.requestState != null) {
			params.put("requestState", run.requestState);
		}
		else {
			params.remove("requestState");
		}
		CompletableFuture<McpSchema.Result> outcome = new CompletableFuture<>();
		try {
			run.work = this.pool.submit(() -> round(run, params, outcome));
		}
		catch (RejectedExecutionException ex) {
			return;
		}
		run.parked = false;
		outcome.whenComplete((result, error) -> settle(run, result, error));
	}

	/**
	 * Stops taking tasks and waits up to {@code timeout} for those running here to finish; those
	 * still running after it are failed.
	 */
	public void drain(java.time.Duration timeout) {
		this.accepting = false;
		if (this.settings.execution() != null) {
			this.settings.execution().close();
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.running.values().stream().anyMatch(run -> !run.parked) && System.nanoTime() < deadline) {
			java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
		}
		close();
	}

	/** Fails the tasks still running or parked here, and stops. */
	@Override
	public void close() {
		this.accepting = false;
		if (this.settings.execution() != null) {
			this.settings.execution().close();
		}
		this.ticker.shutdownNow();
		Instant now = this.settings.clock().instant();
		String failure = json(Map.of("code", JsonRpcErrors.INTERNAL_ERROR, "message",
				"The server running the task was stopped before the task finished"));
		for (Running run : this.running.values()) {
			try {
				update(run.id, current -> current.failed(failure, now));
			}
			catch (RuntimeException ex) {
				logger.warn("Task {}... could not be failed at shutdown ({}); it fails when its lease runs out",
						prefix(run.id), ex.getMessage());
			}
		}
		this.running.values().forEach(run -> run.cancelled = true);
		this.pool.shutdownNow();
		this.running.clear();
		this.byContext.clear();
	}

	private String newId() {
		byte[] bytes = new byte[24];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	String json(Object value) {
		try {
			return this.settings.jsonMapper().writeValueAsString(value);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("Not serializable as JSON: " + ex.getMessage(), ex);
		}
	}

	Map<String, Object> parse(String json) {
		try {
			return this.settings.jsonMapper().readValue(json, MAP);
		}
		catch (IOException ex) {
			throw new IllegalStateException("A stored task part is not a JSON object", ex);
		}
	}

	static McpException busy(String message) {
		return new McpException(JsonRpcErrors.STORE_UNAVAILABLE, message, Map.of("retryAfterMs", 1000));
	}

	static McpException storeDown() {
		return new McpException(JsonRpcErrors.STORE_UNAVAILABLE,
				"The task store is unavailable; nothing was lost, retry shortly", Map.of("retryAfterMs", 5000));
	}

	static String prefix(String id) {
		return id == null ? "?" : id.substring(0, Math.min(8, id.length()));
	}

	/** A call this replica runs, from its first round until it is settled. */
	private static final class Running implements McpAsyncNotifier, RunningTask {

		final Object context;

		final Call call;

		final Map<String, Object> params;

		volatile String id;

		volatile Future<?> work;

		volatile boolean parked;

		volatile String requestState;

		volatile String message;

		volatile UnaryOperator<TaskRecord> settlement;

		volatile boolean cancelled;

		volatile TaskRecord last;

		Running(Object context, Call call, Map<String, Object> params) {
			this.context = context;
			this.call = call;
			this.params = params;
		}

		@Override
		public Optional<String> taskId() {
			return Optional.ofNullable(this.id);
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		@Override
		public void statusMessage(String message) {
			this.message = message;
		}

		McpAsyncNotifier notifier() {
			return this;
		}

		@Override
		public Mono<Void> progress(double progress, Double total, String message) {
			return Mono.fromRunnable(() -> {
				if (message != null) {
					this.message = message;
				}
			});
		}

		@Override
		public Mono<Void> notify(String method, Object params) {
			return Mono.empty();
		}

	}

}
