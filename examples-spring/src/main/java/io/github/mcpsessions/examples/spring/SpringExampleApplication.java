package io.github.mcpsessions.examples.spring;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import io.github.mcpsessions.McpSessions;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.session.SessionListener;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * A Spring AI MCP server on WebMvc with the same tools as the plain example. Its only change for
 * persistent sessions is the {@code mcp-sessions-spring-boot-starter} dependency; the store is the
 * application's DataSource (H2 files under {@code ./data} by default, PostgreSQL with {@code --jdbc-url=}).
 */
@SpringBootApplication
public class SpringExampleApplication {

	private final Map<String, Integer> restores = new ConcurrentHashMap<>();

	public static void main(String[] args) {
		SpringApplication.run(SpringExampleApplication.class, args);
	}

	/** Counts how often this process restored each session, for session_info. */
	@Bean
	SessionListener restoreCounter() {
		return new SessionListener() {
			@Override
			public void sessionRestored(McpSessionRecord record) {
				SpringExampleApplication.this.restores.merge(record.id(), 1, Integer::sum);
			}
		};
	}

	@Bean
	List<SyncToolSpecification> tools(ObjectProvider<SessionRepository> sessionStore) {
		SessionRepository sessions = sessionStore.getIfAvailable(InMemorySessionRepository::new);
		McpJsonMapper json = McpJsonDefaults.getMapper();
		return List.of(tool(json, "remember", "Remembers a value under a key in this session.",
				"{\"type\":\"object\",\"properties\":{\"key\":{\"type\":\"string\"},\"value\":{\"type\":\"string\"}},\"required\":[\"key\",\"value\"]}",
				(exchange, args) -> {
					McpSessions.attributes(exchange).put((String) args.get("key"), (String) args.get("value"));
					return text("ok");
				}), tool(json, "recall", "Returns the value remembered under a key in this session.",
						"{\"type\":\"object\",\"properties\":{\"key\":{\"type\":\"string\"}},\"required\":[\"key\"]}",
						(exchange, args) -> McpSessions.attributes(exchange)
							.get((String) args.get("key"))
							.map(SpringExampleApplication::text)
							.orElseGet(() -> McpSchema.CallToolResult.builder()
								.addTextContent("Nothing is remembered under key '" + args.get("key")
										+ "' in this session; call remember with that key first.")
								.isError(true)
								.build())),
				tool(json, "session_info", "Describes this MCP session.", "{\"type\":\"object\",\"properties\":{}}",
						(exchange, args) -> text("{\"sessionId\":\"" + exchange.sessionId() + "\",\"client\":{\"name\":\""
								+ exchange.getClientInfo().name() + "\",\"version\":\"" + exchange.getClientInfo().version()
								+ "\"},\"createdAt\":\""
								+ sessions.findById(exchange.sessionId()).map(record -> record.createdAt().toString()).orElse("")
								+ "\",\"restoredByThisProcess\":" + this.restores.getOrDefault(exchange.sessionId(), 0) + "}")));
	}

	private static SyncToolSpecification tool(McpJsonMapper json, String name, String description, String schema,
			java.util.function.BiFunction<McpSyncServerExchange, Map<String, Object>, McpSchema.CallToolResult> handler) {
		return SyncToolSpecification.builder()
			.tool(McpSchema.Tool.builder().name(name).description(description).inputSchema(json, schema).build())
			.callHandler((exchange, request) -> handler.apply(exchange, request.arguments()))
			.build();
	}

	private static McpSchema.CallToolResult text(String text) {
		return McpSchema.CallToolResult.builder().addTextContent(text).build();
	}

}
