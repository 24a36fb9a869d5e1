package io.github.mcpsessions.modern;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.HashSet;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

import io.github.mcpsessions.McpSessions;
import io.github.mcpsessions.state.StateHandles;

/**
 * Tools written once and served in both MCP eras: each tool is a session-era
 * {@link McpSchema.Tool} definition and a handler that gets a {@link ToolContext}, and this class
 * hands the same tools to the session-era server ({@link #sessionEra()}) and to the SDK 2.2
 * 2026-07-28 server ({@link #modern()}). Definitions and results are the session era's types,
 * which users of the SDK already write; the 2026-07-28 side gets them converted through JSON, the
 * shape both revisions share.
 *
 * <pre>{@code
 * DualEraTools tools = DualEraTools.builder().stateHandles(handles)
 *     .tool(Tool.builder().name("cart_open")...build(),
 *           (context, args) -> text(context.mint("cart").id()))
 *     .build();
 * McpServer.sync(persistentProvider).tools(tools.sessionEra()).build();
 * io.modelcontextprotocol.modern.server.McpServer.builder().feature(tools.modern()).build();
 * }</pre>
 *
 * <p>Needs MCP Java SDK 2.2 or later. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class DualEraTools {

	/** A tool's code, the same in both eras. */
	@FunctionalInterface
	public interface Handler {

		/**
		 * Runs the tool; an exception becomes an error the SDK reports to the client.
		 * @param arguments the call's arguments, never {@code null}
		 */
		McpSchema.CallToolResult call(ToolContext context, Map<String, Object> arguments);

	}

	private record Entry(McpSchema.Tool definition, Handler handler) {
	}

	private final Map<String, Entry> tools;

	private final StateHandles handles;

	private final McpJsonMapper jsonMapper;

	private final List<String> order;

	private final List<SyncToolSpecification> sessionOnly;

	private final List<McpSyncTool> modernOnly;

	private DualEraTools(Builder builder) {
		this.tools = Map.copyOf(builder.tools);
		this.sessionOnly = List.copyOf(builder.sessionOnly);
		this.modernOnly = List.copyOf(builder.modernOnly);
		this.handles = builder.handles;
		this.jsonMapper = builder.jsonMapper;
		this.order = List.copyOf(builder.tools.keySet());
	}

	/** Starts an empty set of tools. */
	public static Builder builder() {
		return new Builder();
	}

	/** The tools for a session-era server ({@code McpServer.sync(provider).tools(...)}). */
	public List<SyncToolSpecification> sessionEra() {
		List<SyncToolSpecification> specifications = new ArrayList<>();
		for (String name : this.order) {
			Entry entry = this.tools.get(name);
			specifications.add(SyncToolSpecification.builder()
				.tool(entry.definition())
				.callHandler((exchange, request) -> entry.handler()
					.call(sessionContext(exchange), request.arguments() == null ? Map.of() : request.arguments()))
				.build());
		}
		specifications.addAll(this.sessionOnly);
		return specifications;
	}

	/**
	 * The tools for a 2026-07-28 server ({@code McpServer.builder().feature(...)}): its one tools
	 * feature, so a server's 2026-07-28-only tools are added here with {@link Builder#modernOnly}.
	 */
	public ToolsFeature modern() {
		Map<String, McpSyncTool> modernTools = new LinkedHashMap<>();
		for (String name : this.order) {
			Entry entry = this.tools.get(name);
			modernTools.put(name,
					McpSyncTool.of(
							this.jsonMapper.convertValue(entry.definition(),
									io.modelcontextprotocol.modern.McpSchema.Tool.class),
							(context, request) -> McpSyncResponse.result(this.jsonMapper.convertValue(
									entry.handler()
										.call(modernContext(context),
												request.arguments() == null ? Map.of() : request.arguments()),
									io.modelcontextprotocol.modern.McpSchema.CallToolResult.class))));
		}
		this.modernOnly.forEach(tool -> modernTools.put(tool.definition().name(), tool));
		List<io.modelcontextprotocol.modern.McpSchema.Tool> definitions = modernTools.values()
			.stream()
			.map(McpSyncTool::definition)
			.toList();
		return ToolsFeature.ofSync(new McpSyncToolRepository() {

			@Override
			public ToolsPage list(McpRequestContext context, String cursor) {
				return ToolsPage.of(definitions);
			}

			@Override
			public McpSyncTool find(McpRequestContext context, String name) {
				return modernTools.get(name);
			}

		});
	}

	private ToolContext sessionContext(McpSyncServerExchange exchange) {
		String sessionId = exchange.sessionId();
		McpSchema.Implementation client = exchange.getClientInfo();
		return new ToolContext(ToolContext.Era.SESSION, null, sessionId, McpSessions.owner(sessionId).orElse(null),
				client == null ? null : client.name(), client == null ? null : client.version(),
				exchange.transportContext(), this.handles);
	}

	private ToolContext modernContext(McpRequestContext context) {
		var client = context.clientInfo();
		Object owner = context.transportContext() == null ? null : context.transportContext().get(DualEraServlet.OWNER);
		return new ToolContext(ToolContext.Era.STATELESS, context.protocolVersion(), null,
				owner instanceof String text ? text : null, client == null ? null : client.name(),
				client == null ? null : client.version(), context.transportContext(), this.handles);
	}

	/** Collects {@link DualEraTools}. */
	public static final class Builder {

		private final Map<String, Entry> tools = new LinkedHashMap<>();

		private final List<SyncToolSpecification> sessionOnly = new ArrayList<>();

		private final List<McpSyncTool> modernOnly = new ArrayList<>();

		private final Set<String> names = new HashSet<>();

		private StateHandles handles;

		private McpJsonMapper jsonMapper = McpJsonDefaults.getMapper();

		private Builder() {
		}

		/** The state handles {@link ToolContext#mint} and {@link ToolContext#resolve} use. */
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
		 * Adds a tool.
		 * @throws IllegalArgumentException if a tool of that name was added already
		 */
		public Builder tool(McpSchema.Tool definition, Handler handler) {
			Objects.requireNonNull(definition, "definition");
			Objects.requireNonNull(handler, "handler");
			this.tools.put(unique(definition.name()), new Entry(definition, handler));
			return this;
		}

		/**
		 * Adds a tool served to session-era clients only, such as one that asks the client through
		 * the exchange ({@code createElicitation}).
		 * @throws IllegalArgumentException if a tool of that name was added already
		 */
		public Builder sessionOnly(SyncToolSpecification tool) {
			unique(Objects.requireNonNull(tool, "tool").tool().name());
			this.sessionOnly.add(tool);
			return this;
		}

		/**
		 * Adds a tool served to 2026-07-28 clients only, such as one that asks for input with an
		 * {@code input_required} result (its request state opens on any replica with
		 * {@link SharedKeyRequestStateCodec}).
		 * @throws IllegalArgumentException if a tool of that name was added already
		 */
		public Builder modernOnly(McpSyncTool tool) {
			unique(Objects.requireNonNull(tool, "tool").definition().name());
			this.modernOnly.add(tool);
			return this;
		}

		private String unique(String name) {
			if (!this.names.add(name)) {
				throw new IllegalArgumentException("A tool named '" + name + "' was added already");
			}
			return name;
		}

		public DualEraTools build() {
			return new DualEraTools(this);
		}

	}

}
