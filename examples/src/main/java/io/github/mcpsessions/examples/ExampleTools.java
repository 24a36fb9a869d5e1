package io.github.mcpsessions.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.github.mcpsessions.McpSessions;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionRepository;
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

	@Override
	public String name() {
		return "mcp-sessions-example";
	}

	@Override
	public String describe() {
		return "Tools: remember(key, value), recall(key), session_info.";
	}

	@Override
	public McpSyncServer build(McpServer.SyncSpecification<?> server, McpJsonMapper json, SessionRepository sessions,
			RestoreCounter restores) {
		this.json = json;
		this.sessions = sessions;
		this.restores = restores;
		return server.capabilities(McpSchema.ServerCapabilities.builder().tools(true).build()).tools(all()).build();
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
		try {
			return this.json.writeValueAsString(info);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
