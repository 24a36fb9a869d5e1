package io.github.mcpsessions.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.github.mcpsessions.eras.CallContext;
import io.github.mcpsessions.eras.DualEraFeatures;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.state.StateHandles;
import io.github.mcpsessions.tasks.TaskSupport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.modern.server.McpFeature;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * The example's tools, written once with {@link DualEraFeatures} and served to clients of both MCP
 * eras on one endpoint: session-era clients (an {@code initialize}, an {@code Mcp-Session-Id}) and
 * 2026-07-28 clients (no session; state in handles). Their only contact with the library is the
 * {@link CallContext} each call gets.
 */
final class ExampleTools implements McpApplication {

	private McpJsonMapper json;

	private SessionRepository sessions;

	private RestoreCounter restores;

	private DualEraFeatures tools;

	@Override
	public java.util.Map<String, String> warmUpCalls() {
		return java.util.Map.of("recall", "{\"key\":\"warm-up\"}");
	}

	@Override
	public String name() {
		return "mcp-sessions-example";
	}

	@Override
	public String describe() {
		return "Tools: remember(key, value), recall(key), session_info; cart_open, cart_add(cart_id, item), cart_show(cart_id);"
				+ " export(seconds), a durable task for 2026-07-28 clients."
				+ System.lineSeparator() + "  Clients of MCP 2025-11-25 (and earlier) and of 2026-07-28 share the endpoint.";
	}

	@Override
	public McpSyncServer build(McpServer.SyncSpecification<?> server, Services services) {
		this.json = services.json();
		this.sessions = services.sessions();
		this.restores = services.restores();
		DualEraFeatures.Builder tools = DualEraFeatures.builder().jsonMapper(this.json).stateHandles(services.handles());
		if (services.tasks() != null) {
			tools.tasks(services.tasks());
		}
		sessionTools(tools);
		cartTools(tools);
		tools.sessionOnly(slowReport());
		tools.tool(tool("export", "Exports a report over the given number of seconds (1 to 600, default 5). For MCP "
				+ "2026-07-28 clients that declare the tasks extension it runs as a durable task: the call answers at once "
				+ "with a task id to poll with tasks/get, on any replica.",
				"{\"type\":\"object\",\"properties\":{\"seconds\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":600}}}"),
				services.tasks() == null ? TaskSupport.FORBIDDEN : TaskSupport.OPTIONAL, (context, args) -> export(context, args));
		this.tools = tools.build();
		return server.capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
			.tools(this.tools.sessionEraTools())
			.build();
	}

	@Override
	public List<McpFeature> modernFeatures() {
		return this.tools.modern();
	}

	/**
	 * A cart kept in a state handle, the MCP 2026-07-28 way: cart_open mints the handle, the model
	 * passes it back to cart_add and cart_show. Bound to the user (or, in the session era, the
	 * session) that opened it.
	 */
	private void cartTools(DualEraFeatures.Builder tools) {
		String cartId = write(Map.of("type", "object", "properties",
				Map.of("cart_id", StateHandles.argumentSchema("cart", "cart_open")), "required", List.of("cart_id")));
		String cartIdAndItem = write(Map.of("type", "object", "properties",
				Map.of("cart_id", StateHandles.argumentSchema("cart", "cart_open"), "item",
						Map.of("type", "string", "description", "What to put in the cart")),
				"required", List.of("cart_id", "item")));
		String again = "call cart_open to start a new cart";
		tools.tool(tool("cart_open", "Opens a shopping cart and returns its cart_id, to pass to cart_add and cart_show.",
				"{\"type\":\"object\",\"properties\":{}}"),
				(context, args) -> text(write(Map.of("cart_id", context.mint("cart").id()))))
			.tool(tool("cart_add", "Adds an item to the cart cart_open returned.", cartIdAndItem),
					(context, args) -> context.resolve("cart", args.get("cart_id")).map(cart -> {
						String item = string(args, "item");
						int count = Integer.parseInt(cart.get("item:" + item).orElse("0")) + 1;
						cart.put("item:" + item, Integer.toString(count));
						return text("added " + item);
					}).orElseGet(() -> StateHandles.unknown("cart", again)))
			.tool(tool("cart_show", "Lists the items in the cart cart_open returned, with their counts.", cartId),
					(context, args) -> context.resolve("cart", args.get("cart_id")).map(cart -> {
						Map<String, Object> items = new TreeMap<>();
						cart.asMap().forEach((key, count) -> items.put(key.substring("item:".length()), Integer.parseInt(count)));
						return text(write(Map.of("items", items)));
					}).orElseGet(() -> StateHandles.unknown("cart", again)));
	}

	private String write(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void sessionTools(DualEraFeatures.Builder tools) {
		tools.tool(tool("remember", "Remembers a value under a key, in this MCP session, across server restarts.", """
				{"type":"object","properties":{"key":{"type":"string"},"value":{"type":"string"}},"required":["key","value"]}"""),
				(context, args) -> context.sessionAttributes().map(attributes -> {
					attributes.put(string(args, "key"), string(args, "value"));
					return text("ok");
				}).orElseGet(ExampleTools::needsASession))
			.tool(tool("recall", "Returns the value remembered under a key in this MCP session.", """
					{"type":"object","properties":{"key":{"type":"string"}},"required":["key"]}"""),
					(context, args) -> context.sessionAttributes()
						.map(attributes -> attributes.get(string(args, "key"))
							.map(ExampleTools::text)
							.orElseGet(() -> McpSchema.CallToolResult.builder()
								.addTextContent("Nothing is remembered under key '" + string(args, "key")
										+ "' in this session; call remember with that key first.")
								.isError(true)
								.build()))
						.orElseGet(ExampleTools::needsASession))
			.tool(tool("session_info",
					"Describes this call: its MCP era and, in a session, the session's id, client, creation time and restores by this process.",
					"""
							{"type":"object","properties":{}}"""), (context, args) -> text(sessionInfo(context)));
	}

	/**
	 * A long call that reports progress every second: what resumable streams are for (a proxy that
	 * cuts the response does not lose the report when they are on).
	 */
	private SyncToolSpecification slowReport() {
		return SyncToolSpecification.builder()
			.tool(tool("slow_report", "Builds a report for the given number of seconds (1 to 600, default 5), "
					+ "reporting progress every second.",
					"{\"type\":\"object\",\"properties\":{\"seconds\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":600}}}"))
			.callHandler((exchange, request) -> {
				int seconds = request.arguments().get("seconds") instanceof Number number
						? Math.max(1, Math.min(600, number.intValue())) : 5;
				Object token = request.meta() == null ? null : request.meta().get("progressToken");
				for (int done = 1; done <= seconds; done++) {
					try {
						Thread.sleep(1_000);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return McpSchema.CallToolResult.builder().addTextContent("interrupted").isError(true).build();
					}
					if (token != null) {
						exchange.progressNotification(new McpSchema.ProgressNotification(token, done, (double) seconds,
								done + " of " + seconds + " s"));
					}
				}
				return text("report ready after " + seconds + " s");
			})
			.build();
	}

	/** A long call that runs as a task where it can: its status message counts the seconds, a cancel stops it. */
	private McpSchema.CallToolResult export(CallContext context, Map<String, Object> args) {
		int seconds = args.get("seconds") instanceof Number number ? Math.max(1, Math.min(600, number.intValue())) : 5;
		for (int done = 1; done <= seconds; done++) {
			try {
				Thread.sleep(1_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return McpSchema.CallToolResult.builder().addTextContent("export cancelled").isError(true).build();
			}
			int progress = done;
			context.task().ifPresent(task -> task.statusMessage(progress + " of " + seconds + " s"));
		}
		return text("export ready after " + seconds + " s");
	}

	private static McpSchema.CallToolResult needsASession() {
		return McpSchema.CallToolResult.builder()
			.addTextContent("remember and recall keep values in an MCP session, and this call came without one "
					+ "(MCP 2026-07-28 has no sessions); keep state with cart_open and its cart_id instead.")
			.isError(true)
			.build();
	}

	private String sessionInfo(CallContext context) {
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("era", context.era() == CallContext.Era.SESSION ? "session" : "2026-07-28");
		Map<String, String> clientInfo = new LinkedHashMap<>();
		clientInfo.put("name", context.clientName().orElse(""));
		clientInfo.put("version", context.clientVersion().orElse(""));
		context.sessionId().ifPresentOrElse(id -> {
			info.put("sessionId", id);
			info.put("client", clientInfo);
			info.put("createdAt",
					this.sessions.findById(id).map(McpSessionRecord::createdAt).map(Object::toString).orElse(null));
			info.put("restoredByThisProcess", this.restores.count(id));
		}, () -> {
			info.put("protocolVersion", context.protocolVersion().orElse(""));
			info.put("client", clientInfo);
		});
		return write(info);
	}

	private McpSchema.Tool tool(String name, String description, String schema) {
		return McpSchema.Tool.builder().name(name).description(description).inputSchema(this.json, schema).build();
	}

	private static String string(Map<String, Object> args, String name) {
		Object value = args.get(name);
		if (!(value instanceof String text)) {
			throw new IllegalArgumentException("Argument '" + name + "' must be a string");
		}
		return text;
	}

	private static McpSchema.CallToolResult text(String text) {
		return McpSchema.CallToolResult.builder().addTextContent(text).build();
	}

}
