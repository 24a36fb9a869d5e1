package io.github.mcpsessions.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

import io.github.mcpsessions.McpSessions;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.state.StateHandles;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * The example's tools: plain SDK tools whose only contact with the library is
 * {@link McpSessions}, for state that must outlive the process.
 */
final class ExampleTools implements McpApplication {

	private McpJsonMapper json;

	private SessionRepository sessions;

	private RestoreCounter restores;

	private StateHandles handles;

	@Override
	public String name() {
		return "mcp-sessions-example";
	}

	@Override
	public String describe() {
		return "Tools: remember(key, value), recall(key), session_info; cart_open, cart_add(cart_id, item), cart_show(cart_id).";
	}

	@Override
	public McpSyncServer build(McpServer.SyncSpecification<?> server, Services services) {
		this.json = services.json();
		this.sessions = services.sessions();
		this.restores = services.restores();
		this.handles = services.handles();
		List<SyncToolSpecification> tools = new ArrayList<>(all());
		tools.addAll(cartTools());
		return server.capabilities(McpSchema.ServerCapabilities.builder().tools(true).build()).tools(tools).build();
	}

	/**
	 * A cart kept in a state handle, the MCP 2026-07-28 way: cart_open mints the handle, the model
	 * passes it back to cart_add and cart_show. Bound to the session (or user) that opened it.
	 */
	private List<SyncToolSpecification> cartTools() {
		String cartId = write(Map.of("type", "object", "properties",
				Map.of("cart_id", StateHandles.argumentSchema("cart", "cart_open")), "required", List.of("cart_id")));
		String cartIdAndItem = write(Map.of("type", "object", "properties",
				Map.of("cart_id", StateHandles.argumentSchema("cart", "cart_open"), "item",
						Map.of("type", "string", "description", "What to put in the cart")),
				"required", List.of("cart_id", "item")));
		String again = "call cart_open to start a new cart";
		return List.of(tool("cart_open", "Opens a shopping cart and returns its cart_id, to pass to cart_add and cart_show.",
				"{\"type\":\"object\",\"properties\":{}}",
				(exchange, args) -> text(write(Map.of("cart_id", this.handles.mint(exchange, "cart").id())))),
				tool("cart_add", "Adds an item to the cart cart_open returned.", cartIdAndItem,
						(exchange, args) -> this.handles.resolve(exchange, "cart", args.get("cart_id")).map(cart -> {
							String item = string(args, "item");
							int count = Integer.parseInt(cart.get("item:" + item).orElse("0")) + 1;
							cart.put("item:" + item, Integer.toString(count));
							return text("added " + item);
						}).orElseGet(() -> StateHandles.unknown("cart", again))),
				tool("cart_show", "Lists the items in the cart cart_open returned, with their counts.", cartId,
						(exchange, args) -> this.handles.resolve(exchange, "cart", args.get("cart_id")).map(cart -> {
							Map<String, Object> items = new TreeMap<>();
							cart.asMap().forEach((key, count) -> items.put(key.substring("item:".length()), Integer.parseInt(count)));
							return text(write(Map.of("items", items)));
						}).orElseGet(() -> StateHandles.unknown("cart", again))));
	}

	private String write(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private List<SyncToolSpecification> all() {
		return List.of(tool("remember", "Remembers a value under a key, in this MCP session, across server restarts.",
				"""
						{"type":"object","properties":{"key":{"type":"string"},"value":{"type":"string"}},"required":["key","value"]}""",
				(exchange, args) -> {
					McpSessions.attributes(exchange).put(string(args, "key"), string(args, "value"));
					return text("ok");
				}), tool("recall", "Returns the value remembered under a key in this MCP session.", """
						{"type":"object","properties":{"key":{"type":"string"}},"required":["key"]}""",
						(exchange, args) -> McpSessions.attributes(exchange)
							.get(string(args, "key"))
							.map(ExampleTools::text)
							.orElseGet(() -> McpSchema.CallToolResult.builder()
								.addTextContent("Nothing is remembered under key '" + string(args, "key")
										+ "' in this session; call remember with that key first.")
								.isError(true)
								.build())),
				tool("session_info", "Describes this MCP session: id, client, creation time, restores by this process.",
						"""
								{"type":"object","properties":{}}""", (exchange, args) -> text(sessionInfo(exchange))));
	}

	private String sessionInfo(McpSyncServerExchange exchange) {
		String id = exchange.sessionId();
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("sessionId", id);
		McpSchema.Implementation client = exchange.getClientInfo();
		Map<String, String> clientInfo = new LinkedHashMap<>();
		clientInfo.put("name", client == null ? "" : client.name());
		clientInfo.put("version", client == null || client.version() == null ? "" : client.version());
		info.put("client", clientInfo);
		info.put("createdAt", this.sessions.findById(id).map(McpSessionRecord::createdAt).map(Object::toString).orElse(null));
		info.put("restoredByThisProcess", this.restores.count(id));
		return write(info);
	}

	private SyncToolSpecification tool(String name, String description, String schema,
			BiFunction<McpSyncServerExchange, Map<String, Object>, McpSchema.CallToolResult> handler) {
		return SyncToolSpecification.builder()
			.tool(McpSchema.Tool.builder().name(name).description(description).inputSchema(this.json, schema).build())
			.callHandler((exchange, request) -> handler.apply(exchange,
					request.arguments() == null ? Map.of() : request.arguments()))
			.build();
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
