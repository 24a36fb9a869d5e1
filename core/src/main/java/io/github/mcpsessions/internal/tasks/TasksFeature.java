package io.github.mcpsessions.internal.tasks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpAsyncResponse;
import io.modelcontextprotocol.modern.server.McpFeature;
import io.modelcontextprotocol.modern.server.McpHeader;
import io.modelcontextprotocol.modern.server.McpHeaders;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.github.mcpsessions.eras.DualEraServlet;
import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.tasks.TaskRecord;
import io.github.mcpsessions.tasks.TaskStatus;
import io.github.mcpsessions.tasks.TaskSupport;

/**
 * The tasks extension over a tools feature: {@code tools/call} of a task-supporting tool runs
 * through the {@link TaskRunner} (a task when it does not answer at once), {@code tools/list} shows
 * each tool's {@code execution.taskSupport}, and {@code tasks/get}, {@code tasks/update} and
 * {@code tasks/cancel} are answered from the store, on any replica.
 */
public final class TasksFeature implements McpFeature {

	/** The extension's id, under {@code capabilities.extensions}. */
	public static final String EXTENSION = "io.modelcontextprotocol/tasks";

	static final String GET = "tasks/get";

	static final String UPDATE = "tasks/update";

	static final String CANCEL = "tasks/cancel";

	private static final int HEADER_MISMATCH = -32020;

	private static final int MISSING_CAPABILITY = -32021;

	private static final int MAX_FOLLOWED = 64;

	private static final long WARNING_INTERVAL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

	private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(TasksFeature.class);

	private final McpFeature tools;

	private final Map<String, TaskSupport> support;

	private final TaskRunner runner;

	private final Set<String> methods;

	private final boolean anyTaskTools;

	private final java.util.concurrent.atomic.AtomicLong nextWarning = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());

	public TasksFeature(McpFeature tools, Map<String, TaskSupport> support, TaskRunner runner) {
		this.tools = tools;
		this.support = Map.copyOf(support);
		this.anyTaskTools = this.support.values().stream().anyMatch(value -> value != TaskSupport.FORBIDDEN);
		this.runner = runner;
		Set<String> methods = new HashSet<>(tools.methods());
		methods.addAll(List.of(GET, UPDATE, CANCEL));
		this.methods = Set.copyOf(methods);
	}

	@Override
	public Set<String> methods() {
		return this.methods;
	}

	@Override
	public void capabilities(McpSchema.ServerCapabilities.Builder capabilities) {
		this.tools.capabilities(capabilities);
		capabilities.extension(EXTENSION, Map.of());
	}

	@Override
	public Set<String> inputRequiredMethods() {
		return this.tools.inputRequiredMethods();
	}

	@Override
	public Set<String> completionRefTypes() {
		return this.tools.completionRefTypes();
	}

	@Override
	public Mono<McpSchema.CompleteResult> complete(McpRequestContext context, McpSchema.CompleteRequest request) {
		return this.tools.complete(context, request);
	}

	/**
	 * What the tools feature honours, and {@code taskIds}: those of the requested tasks the caller may
	 * see (at most {@value #MAX_FOLLOWED}), whose status changes then reach its listening stream.
	 */
	@Override
	public McpSchema.SubscriptionFilter honouredSubscriptions(McpRequestContext context,
			McpSchema.SubscriptionFilter filter) {
		McpSchema.SubscriptionFilter honoured = this.tools.honouredSubscriptions(context, filter);
		if (!(filter.get(TaskChange.TASK_IDS) instanceof java.util.Collection<?> requested) || !declared(context)) {
			return honoured;
		}
		String owner = owner(context);
		List<String> followed = new ArrayList<>();
		for (Object id : requested) {
			if (followed.size() == MAX_FOLLOWED) {
				break;
			}
			try {
				if (id instanceof String taskId && !followed.contains(taskId)) {
					visible(taskId, owner);
					followed.add(taskId);
				}
			}
			catch (McpException | SessionStoreException ex) {
				// not the caller's (or not readable now): not followed
			}
		}
		if (followed.isEmpty()) {
			return honoured;
		}
		return (honoured == null ? McpSchema.SubscriptionFilter.EMPTY : honoured).with(TaskChange.TASK_IDS, List.copyOf(followed));
	}

	@Override
	public Mono<? extends McpAsyncResponse<? extends McpSchema.Result>> handle(McpRequestContext context,
			Object params) {
		Map<String, Object> fields = fields(params);
		return switch (context.method()) {
			case "tools/call" -> call(context, fields);
			case "tools/list" -> this.anyTaskTools ? this.tools.handle(context, params).map(this::withTaskSupport)
					: this.tools.handle(context, params);
			case GET, UPDATE, CANCEL -> Mono.fromCallable(() -> McpAsyncResponse.result(task(context, fields)))
				.subscribeOn(Schedulers.boundedElastic());
			default -> this.tools.handle(context, params);
		};
	}

	private Mono<? extends McpAsyncResponse<? extends McpSchema.Result>> call(McpRequestContext context,
			Map<String, Object> params) {
		String name = params.get("name") instanceof String text ? text : null;
		Object stored = context.transportContext() == null ? null : context.transportContext().get(TaskRunner.RUN_KEY);
		if (stored instanceof String taskId) {
			return this.runner.runClaimed(context, params, taskId, round -> this.tools.handle(context, round));
		}
		TaskSupport support = name == null ? TaskSupport.FORBIDDEN : this.support.getOrDefault(name, TaskSupport.FORBIDDEN);
		if (support == TaskSupport.FORBIDDEN) {
			return this.tools.handle(context, params);
		}
		if (!declared(context)) {
			return support == TaskSupport.REQUIRED ? Mono.error(missingCapability(
					"Tool '" + name + "' runs only as a task; declare the " + EXTENSION + " extension"))
					: this.tools.handle(context, params);
		}
		return this.runner.start(context, params, name, owner(context), round -> this.tools.handle(context, round));
	}

	private McpAsyncResponse<? extends McpSchema.Result> withTaskSupport(
			McpAsyncResponse<? extends McpSchema.Result> response) {
		if (!(response instanceof McpAsyncResponse.Result<? extends McpSchema.Result> listed)) {
			return response;
		}
		Map<String, Object> result = new LinkedHashMap<>(this.runner.settings().jsonMapper().convertValue(listed.result(),
				TaskRunner.MAP));
		if (!(result.get("tools") instanceof List<?> tools)) {
			return response;
		}
		List<Object> marked = new ArrayList<>();
		for (Object tool : tools) {
			if (tool instanceof Map<?, ?> definition && definition.get("name") instanceof String name
					&& this.support.getOrDefault(name, TaskSupport.FORBIDDEN) != TaskSupport.FORBIDDEN) {
				Map<Object, Object> copy = new LinkedHashMap<>(definition);
				Map<Object, Object> execution = copy.get("execution") instanceof Map<?, ?> given ? new LinkedHashMap<>(given)
						: new LinkedHashMap<>();
				execution.put("taskSupport", this.support.get(name).wireName());
				copy.put("execution", execution);
				marked.add(copy);
			}
			else {
				marked.add(tool);
			}
		}
		result.put("tools", marked);
		String resultType = (String) result.remove("resultType");
		return McpAsyncResponse.result(WireResult.of(resultType == null ? "complete" : resultType, result));
	}

	private McpSchema.Result task(McpRequestContext context, Map<String, Object> params) {
		String taskId = params.get("taskId") instanceof String text && !text.isBlank() ? text : null;
		if (taskId == null) {
			throw McpException.invalidParams("params.taskId must be a task id");
		}
		checkNameHeader(context, taskId);
		if (!declared(context)) {
			throw missingCapability(context.method() + " needs the " + EXTENSION + " extension; declare it");
		}
		try {
			TaskRecord task = visible(taskId, owner(context));
			return switch (context.method()) {
				case GET -> TaskWire.detailed(task, this.runner::parse);
				case CANCEL -> cancel(task);
				default -> update(task, params.get("inputResponses"));
			};
		}
		catch (SessionStoreException ex) {
			storeFailed(ex);
			throw TaskRunner.storeDown();
		}
	}

	private TaskRecord visible(String taskId, String owner) {
		Optional<TaskRecord> found = taskId.length() > TaskRecord.MAX_ID_LENGTH ? Optional.empty()
				: this.runner.read(taskId);
		Instant now = this.runner.settings().clock().instant();
		if (found.isEmpty() || found.get().isExpiredAt(now) || !java.util.Objects.equals(found.get().owner(), owner)) {
			throw McpException.invalidParams("Unknown task: no task with this id is visible to you (it may have expired)");
		}
		return found.get();
	}

	private McpSchema.Result cancel(TaskRecord task) {
		if (!task.status().isTerminal()) {
			Instant now = this.runner.settings().clock().instant();
			this.runner.update(task.id(), current -> current.cancelled(now));
			this.runner.stopHere(task.id());
		}
		return WireResult.ack();
	}

	private McpSchema.Result update(TaskRecord task, Object given) {
		if (!(given instanceof Map<?, ?> responses)) {
			throw McpException.invalidParams("params.inputResponses must be an object of responses keyed by input request");
		}
		for (Map.Entry<?, ?> response : responses.entrySet()) {
			if (!(response.getValue() instanceof Map)) {
				throw McpException.invalidParams("inputResponses['" + response.getKey() + "'] must be an object");
			}
		}
		if (task.status() != TaskStatus.INPUT_REQUIRED) {
			return WireResult.ack();
		}
		Instant now = this.runner.settings().clock().instant();
		this.runner.update(task.id(), current -> {
			if (current.status() != TaskStatus.INPUT_REQUIRED) {
				return current;
			}
			Map<String, Object> open = new LinkedHashMap<>(this.runner.parse(current.inputRequests()));
			Map<String, Object> answers = current.inputResponses() == null ? new LinkedHashMap<>()
					: new LinkedHashMap<>(this.runner.parse(current.inputResponses()));
			boolean matched = false;
			for (Map.Entry<?, ?> response : responses.entrySet()) {
				String key = String.valueOf(response.getKey());
				if (open.remove(key) != null) {
					answers.put(key, response.getValue());
					matched = true;
				}
			}
			return matched ? current.answered(open.isEmpty() ? null : this.runner.json(open), this.runner.json(answers), now)
					: current;
		});
		return WireResult.ack();
	}

	/** A WARN for an operator, at most every 10 s: the client was answered 503 and retries. */
	private void storeFailed(SessionStoreException failure) {
		long now = System.nanoTime();
		long next = this.nextWarning.get();
		if (now - next >= 0 && this.nextWarning.compareAndSet(next, now + WARNING_INTERVAL_NANOS)) {
			logger.warn("The task store failed, tasks/* answered 503: {}", failure.getMessage());
		}
	}

	private static void checkNameHeader(McpRequestContext context, String taskId) {
		Object mirrored = context.transportContext() == null ? null
				: context.transportContext().get(McpHeaders.TRANSPORT_CONTEXT_KEY);
		if (!(mirrored instanceof McpHeaders headers) || headers == McpHeaders.NOT_MIRRORED) {
			return;
		}
		McpHeader name = headers.get("Mcp-Name");
		if (name == null || name.isMalformed()) {
			throw new McpException(HEADER_MISMATCH, "Missing required header: Mcp-Name (the task id)");
		}
		if (!taskId.equals(name.value().strip())) {
			throw new McpException(HEADER_MISMATCH, "Mcp-Name header does not match params.taskId");
		}
	}

	private static boolean declared(McpRequestContext context) {
		McpSchema.ClientCapabilities capabilities = context.clientCapabilities();
		return capabilities != null && capabilities.extensions() != null
				&& capabilities.extensions().containsKey(EXTENSION);
	}

	private static McpException missingCapability(String message) {
		return new McpException(MISSING_CAPABILITY, message,
				Map.of("requiredCapabilities", Map.of("extensions", Map.of(EXTENSION, Map.of()))));
	}

	private static String owner(McpRequestContext context) {
		Object owner = context.transportContext() == null ? null : context.transportContext().get(DualEraServlet.OWNER);
		return owner instanceof String text ? text : null;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> fields(Object params) {
		return params instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
	}

}
