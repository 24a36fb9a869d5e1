package io.github.mcpsessions.eras;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.server.McpFeature;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncPrompt;
import io.modelcontextprotocol.modern.server.feature.McpSyncPromptRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncResource;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.PromptsFeature;
import io.modelcontextprotocol.modern.server.feature.PromptsPage;
import io.modelcontextprotocol.modern.server.feature.ResourcesFeature;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

import io.github.mcpsessions.McpSessions;
import io.github.mcpsessions.state.StateHandles;
import io.github.mcpsessions.tasks.DurableTasks;
import io.github.mcpsessions.tasks.TaskSupport;

/**
 * Tools, resources and prompts written once and served in both MCP eras. Each is a session-era
 * definition ({@link McpSchema.Tool}, {@link McpSchema.Resource}, {@link McpSchema.Prompt}) and a
 * handler that gets a {@link CallContext}; this class hands the same features to the session-era
 * server ({@link #sessionEraTools()}, {@link #sessionEraResources()}, {@link #sessionEraPrompts()})
 * and to the SDK 2.2 2026-07-28 server ({@link #modern()}). Definitions and results are the session
 * era's types, which users of the SDK already write; the 2026-07-28 side gets them converted through
 * JSON, the shape both revisions share.
 *
 * <pre>{@code
 * DualEraFeatures features = DualEraFeatures.builder().stateHandles(handles)
 *     .tool(Tool.builder().name("cart_open")...build(),
 *           (context, args) -> text(context.mint("cart").id()))
 *     .build();
 * McpServer.sync(persistentProvider).tools(features.sessionEraTools()).build();
 * io.modelcontextprotocol.modern.server.McpServer.builder().features(features.modern()).build();
 * }</pre>
 *
 * <p>In 2026-07-28 the resources can be watched through {@code subscriptions/listen}; updates are
 * what the server broadcasts ({@link BusChangeFeed#broadcast}). Resource templates and completions
 * are not converted: give each server its own. Needs MCP Java
 * SDK 2.2 or later. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class DualEraFeatures {

	/** A tool's code, the same in both eras. */
	@FunctionalInterface
	public interface ToolHandler {

		/**
		 * Runs the tool; an exception becomes an error the SDK reports to the client.
		 * @param arguments the call's arguments, never {@code null}
		 */
		McpSchema.CallToolResult call(CallContext context, Map<String, Object> arguments);

	}

	/** How a resource is read, the same in both eras. */
	@FunctionalInterface
	public interface ResourceHandler {

		McpSchema.ReadResourceResult read(CallContext context, String uri);

	}

	/** How a prompt is made, the same in both eras. */
	@FunctionalInterface
	public interface PromptHandler {

		/** @param arguments the prompt's arguments, never {@code null} */
		McpSchema.GetPromptResult get(CallContext context, Map<String, Object> arguments);

	}

	private record Tool(McpSchema.Tool definition, ToolHandler handler, TaskSupport taskSupport) {
	}

	private record Resource(McpSchema.Resource definition, ResourceHandler handler) {
	}

	private record Prompt(McpSchema.Prompt definition, PromptHandler handler) {
	}

	private final List<Tool> tools;

	private final List<Resource> resources;

	private final List<Prompt> prompts;

	private final List<SyncToolSpecification> sessionOnlyTools;

	private final List<McpSyncTool> modernOnlyTools;

	private final StateHandles handles;

	private final McpJsonMapper jsonMapper;

	private final DurableTasks tasks;

	private final Map<String, TaskSupport> taskSupport;

	private DualEraFeatures(Builder builder) {
		this.tools = List.copyOf(builder.tools);
		this.resources = List.copyOf(builder.resources);
		this.prompts = List.copyOf(builder.prompts);
		this.sessionOnlyTools = List.copyOf(builder.sessionOnlyTools);
		this.modernOnlyTools = List.copyOf(builder.modernOnlyTools);
		this.handles = builder.handles;
		this.jsonMapper = builder.jsonMapper;
		this.tasks = builder.tasks;
		this.taskSupport = Map.copyOf(builder.taskSupport);
	}

	/** Starts an empty set of features. */
	public static Builder builder() {
		return new Builder();
	}

	/** The tools for a session-era server ({@code McpServer.sync(provider).tools(...)}). */
	public List<SyncToolSpecification> sessionEraTools() {
		List<SyncToolSpecification> specifications = new ArrayList<>();
		for (Tool tool : this.tools) {
			specifications.add(SyncToolSpecification.builder()
				.tool(tool.definition())
				.callHandler((exchange, request) -> tool.handler()
					.call(sessionContext(exchange), orEmpty(request.arguments())))
				.build());
		}
		specifications.addAll(this.sessionOnlyTools);
		return specifications;
	}

	/** The resources for a session-era server ({@code .resources(...)}). */
	public List<SyncResourceSpecification> sessionEraResources() {
		return this.resources.stream()
			.map(resource -> new SyncResourceSpecification(resource.definition(),
					(exchange, request) -> resource.handler().read(sessionContext(exchange), request.uri())))
			.toList();
	}

	/** The prompts for a session-era server ({@code .prompts(...)}). */
	public List<SyncPromptSpecification> sessionEraPrompts() {
		return this.prompts.stream()
			.map(prompt -> new SyncPromptSpecification(prompt.definition(),
					(exchange, request) -> prompt.handler().get(sessionContext(exchange), orEmpty(request.arguments()))))
			.toList();
	}

	/**
	 * The features for a 2026-07-28 server ({@code McpServer.builder().features(...)}): a tools
	 * feature, and a resources and a prompts feature when there are any. A server has one feature
	 * of each kind, so its 2026-07-28-only tools are added here with {@link Builder#modernOnly}.
	 */
	public List<McpFeature> modern() {
		List<McpFeature> features = new ArrayList<>();
		features.add(this.tasks == null ? modernTools() : this.tasks.withTasks(modernTools(), this.taskSupport));
		if (!this.resources.isEmpty()) {
			features.add(modernResources());
		}
		if (!this.prompts.isEmpty()) {
			features.add(modernPrompts());
		}
		return features;
	}

	private ToolsFeature modernTools() {
		Map<String, McpSyncTool> byName = new LinkedHashMap<>();
		for (Tool tool : this.tools) {
			byName.put(tool.definition().name(), McpSyncTool.of(convert(tool.definition(),
					io.modelcontextprotocol.modern.McpSchema.Tool.class),
					(context, request) -> McpSyncResponse.result(convert(
							tool.handler().call(modernContext(context), orEmpty(request.arguments())),
							io.modelcontextprotocol.modern.McpSchema.CallToolResult.class))));
		}
		this.modernOnlyTools.forEach(tool -> byName.put(tool.definition().name(), tool));
		List<io.modelcontextprotocol.modern.McpSchema.Tool> definitions = definitions(byName, McpSyncTool::definition);
		return ToolsFeature.ofSync(new McpSyncToolRepository() {

			@Override
			public ToolsPage list(McpRequestContext context, String cursor) {
				return ToolsPage.of(definitions);
			}

			@Override
			public McpSyncTool find(McpRequestContext context, String name) {
				return byName.get(name);
			}

		});
	}

	private ResourcesFeature modernResources() {
		Map<String, McpSyncResource> byUri = new LinkedHashMap<>();
		List<io.modelcontextprotocol.modern.McpSchema.Resource> definitions = new ArrayList<>();
		for (Resource resource : this.resources) {
			definitions.add(convert(resource.definition(), io.modelcontextprotocol.modern.McpSchema.Resource.class));
			byUri.put(resource.definition().uri(), McpSyncResource.of((context, request) -> McpSyncResponse
				.result(convert(resource.handler().read(modernContext(context), request.uri()),
						io.modelcontextprotocol.modern.McpSchema.ReadResourceResult.class))));
		}
		List<io.modelcontextprotocol.modern.McpSchema.Resource> listed = List.copyOf(definitions);
		return ResourcesFeature.ofSync(new McpSyncResourceRepository() {

			@Override
			public ResourcesPage list(McpRequestContext context, String cursor) {
				return ResourcesPage.of(listed);
			}

			@Override
			public McpSyncResource find(McpRequestContext context, String uri) {
				return byUri.get(uri);
			}

			@Override
			public boolean supportsSubscribe() {
				return true;
			}

		});
	}

	private PromptsFeature modernPrompts() {
		Map<String, McpSyncPrompt> byName = new LinkedHashMap<>();
		for (Prompt prompt : this.prompts) {
			byName.put(prompt.definition().name(), McpSyncPrompt.of(convert(prompt.definition(),
					io.modelcontextprotocol.modern.McpSchema.Prompt.class),
					(context, request) -> McpSyncResponse.result(convert(
							prompt.handler().get(modernContext(context),
									request.arguments() == null ? Map.of() : Map.copyOf(request.arguments())),
							io.modelcontextprotocol.modern.McpSchema.GetPromptResult.class))));
		}
		List<io.modelcontextprotocol.modern.McpSchema.Prompt> definitions = definitions(byName, McpSyncPrompt::definition);
		return PromptsFeature.ofSync(new McpSyncPromptRepository() {

			@Override
			public PromptsPage list(McpRequestContext context, String cursor) {
				return PromptsPage.of(definitions);
			}

			@Override
			public McpSyncPrompt find(McpRequestContext context, String name) {
				return byName.get(name);
			}

		});
	}

	private static <F, D> List<D> definitions(Map<String, F> features, Function<F, D> definition) {
		return features.values().stream().map(definition).toList();
	}

	private <T> T convert(Object sessionEra, Class<T> modern) {
		return this.jsonMapper.convertValue(sessionEra, modern);
	}

	private static Map<String, Object> orEmpty(Map<String, Object> arguments) {
		return arguments == null ? Map.of() : arguments;
	}

	private CallContext sessionContext(McpSyncServerExchange exchange) {
		String sessionId = exchange.sessionId();
		McpSchema.Implementation client = exchange.getClientInfo();
		return new CallContext(CallContext.Era.SESSION, null, sessionId, McpSessions.owner(sessionId).orElse(null),
				client == null ? null : client.name(), client == null ? null : client.version(),
				exchange.transportContext(), this.handles, null);
	}

	private CallContext modernContext(McpRequestContext context) {
		var client = context.clientInfo();
		Object owner = context.transportContext() == null ? null : context.transportContext().get(DualEraServlet.OWNER);
		return new CallContext(CallContext.Era.STATELESS, context.protocolVersion(), null,
				owner instanceof String text ? text : null, client == null ? null : client.name(),
				client == null ? null : client.version(), context.transportContext(), this.handles,
				this.tasks == null ? null : this.tasks.running(context).orElse(null));
	}

	/** Collects {@link DualEraFeatures}. */
	public static final class Builder {

		private final List<Tool> tools = new ArrayList<>();

		private final List<Resource> resources = new ArrayList<>();

		private final List<Prompt> prompts = new ArrayList<>();

		private final List<SyncToolSpecification> sessionOnlyTools = new ArrayList<>();

		private final List<McpSyncTool> modernOnlyTools = new ArrayList<>();

		private final Set<String> names = new HashSet<>();

		private StateHandles handles;

		private McpJsonMapper jsonMapper = McpJsonDefaults.getMapper();

		private DurableTasks tasks;

		private final Map<String, TaskSupport> taskSupport = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * Serves the tasks extension for the tools added with a {@link TaskSupport} on the 2026-07-28
		 * side (the session era has no tasks: there they answer when they return).
		 */
		public Builder tasks(DurableTasks tasks) {
			this.tasks = Objects.requireNonNull(tasks, "tasks");
			return this;
		}

		/** The state handles {@link CallContext#mint} and {@link CallContext#resolve} use. */
		public Builder stateHandles(StateHandles handles) {
			this.handles = Objects.requireNonNull(handles, "handles");
			return this;
		}

		/** The mapper that converts definitions and results for the 2026-07-28 side (default the SDK's). */
		public Builder jsonMapper(McpJsonMapper jsonMapper) {
			this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
			return this;
		}

		/**
		 * Adds a tool served in both eras.
		 * @throws IllegalArgumentException if a tool of that name was added already
		 */
		public Builder tool(McpSchema.Tool definition, ToolHandler handler) {
			return tool(definition, TaskSupport.FORBIDDEN, handler);
		}

		/**
		 * Adds a tool served in both eras that may run as a task on the 2026-07-28 side (needs
		 * {@link #tasks}); its code sees the task through {@link CallContext#task()}.
		 * @throws IllegalArgumentException if a tool of that name was added already
		 */
		public Builder tool(McpSchema.Tool definition, TaskSupport taskSupport, ToolHandler handler) {
			unique("tool", Objects.requireNonNull(definition, "definition").name());
			this.tools.add(new Tool(definition, Objects.requireNonNull(handler, "handler"),
					Objects.requireNonNull(taskSupport, "taskSupport")));
			this.taskSupport.put(definition.name(), taskSupport);
			return this;
		}

		/**
		 * Adds a resource served in both eras.
		 * @throws IllegalArgumentException if a resource of that URI was added already
		 */
		public Builder resource(McpSchema.Resource definition, ResourceHandler handler) {
			unique("resource", Objects.requireNonNull(definition, "definition").uri());
			this.resources.add(new Resource(definition, Objects.requireNonNull(handler, "handler")));
			return this;
		}

		/**
		 * Adds a prompt served in both eras.
		 * @throws IllegalArgumentException if a prompt of that name was added already
		 */
		public Builder prompt(McpSchema.Prompt definition, PromptHandler handler) {
			unique("prompt", Objects.requireNonNull(definition, "definition").name());
			this.prompts.add(new Prompt(definition, Objects.requireNonNull(handler, "handler")));
			return this;
		}

		/**
		 * Adds a tool served to session-era clients only, such as one that asks the client through
		 * the exchange ({@code createElicitation}).
		 * @throws IllegalArgumentException if a tool of that name was added already
		 */
		public Builder sessionOnly(SyncToolSpecification tool) {
			unique("tool", Objects.requireNonNull(tool, "tool").tool().name());
			this.sessionOnlyTools.add(tool);
			return this;
		}

		/**
		 * Adds a tool served to 2026-07-28 clients only, such as one that asks for input with an
		 * {@code input_required} result (its request state opens on any replica with
		 * {@link SharedKeyRequestStateCodec}).
		 * @throws IllegalArgumentException if a tool of that name was added already
		 */
		public Builder modernOnly(McpSyncTool tool) {
			return modernOnly(tool, TaskSupport.FORBIDDEN);
		}

		/**
		 * Adds a 2026-07-28-only tool that may run as a task (needs {@link #tasks}); a task's
		 * {@code input_required} rounds reach it as the next call's {@code inputResponses}.
		 * @throws IllegalArgumentException if a tool of that name was added already
		 */
		public Builder modernOnly(McpSyncTool tool, TaskSupport taskSupport) {
			unique("tool", Objects.requireNonNull(tool, "tool").definition().name());
			this.modernOnlyTools.add(tool);
			this.taskSupport.put(tool.definition().name(), Objects.requireNonNull(taskSupport, "taskSupport"));
			return this;
		}

		private void unique(String kind, String name) {
			if (!this.names.add(kind + ":" + name)) {
				throw new IllegalArgumentException("A " + kind + " named '" + name + "' was added already");
			}
		}

		/**
		 * Builds the features.
		 * @throws IllegalStateException if a tool may run as a task but no {@link #tasks} were given
		 */
		public DualEraFeatures build() {
			if (this.tasks == null && this.taskSupport.values().stream().anyMatch(support -> support != TaskSupport.FORBIDDEN)) {
				throw new IllegalStateException("Tools with task support need DualEraFeatures.builder().tasks(...)");
			}
			return new DualEraFeatures(this);
		}

	}

}
