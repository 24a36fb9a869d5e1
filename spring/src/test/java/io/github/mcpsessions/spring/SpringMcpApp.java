package io.github.mcpsessions.spring;

import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import io.github.mcpsessions.McpSessions;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * A Spring AI MCP server as users write one: tools as beans, everything else auto-configured. On
 * WebMvc here; spring-webflux-tests runs the same tests with Spring AI's WebFlux starter instead.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class SpringMcpApp {

	/** Properties for an application without a DataSource. */
	static final Map<String, Object> NO_DATA_SOURCE = Map.of("spring.autoconfigure.exclude",
			"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");

	@Bean
	List<McpServerFeatures.SyncToolSpecification> tools(ObjectProvider<ExtraTools> extra) {
		List<McpServerFeatures.SyncToolSpecification> tools = new java.util.ArrayList<>(List.of(tool("remember",
				(exchange, args) -> {
					McpSessions.attributes(exchange).put((String) args.get("key"), (String) args.get("value"));
					return "ok";
				}), tool("recall", (exchange, args) -> McpSessions.attributes(exchange).get((String) args.get("key")).orElse("none")),
				tool("whoami", (exchange, args) -> exchange.sessionId() + " restored=" + McpSessions.isRestored(exchange))));
		extra.ifAvailable(more -> tools.addAll(more.tools()));
		return tools;
	}

	/** Tools a test adds to the usual ones (registered as a bean). */
	record ExtraTools(List<McpServerFeatures.SyncToolSpecification> tools) {
	}

	private static McpServerFeatures.SyncToolSpecification tool(String name,
			java.util.function.BiFunction<io.modelcontextprotocol.server.McpSyncServerExchange, Map<String, Object>, String> handler) {
		return McpServerFeatures.SyncToolSpecification.builder()
			.tool(McpSchema.Tool.builder()
				.name(name)
				.inputSchema(McpJsonDefaults.getMapper(),
						"{\"type\":\"object\",\"properties\":{\"key\":{\"type\":\"string\"},\"value\":{\"type\":\"string\"}}}")
				.build())
			.callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
				.addTextContent(handler.apply(exchange, request.arguments()))
				.build())
			.build();
	}

	/** Starts the app on {@code port} (0 for any) with these extra properties. */
	static ConfigurableApplicationContext start(int port, Map<String, Object> properties) {
		return start(port, properties, Map.of());
	}

	/** Starts the app with extra properties and extra singleton beans (as an application would define them). */
	static ConfigurableApplicationContext start(int port, Map<String, Object> properties, Map<String, Object> beans) {
		Map<String, Object> all = new java.util.HashMap<>(Map.of("server.port", port, "spring.ai.mcp.server.protocol",
				"STREAMABLE", "spring.ai.mcp.server.name", "spring-test", "spring.main.banner-mode", "off", "server.shutdown",
				"immediate", "mcp.sessions.drain-period", "0s", "mcp.sessions.warm-up", "0s"));
		all.putAll(properties);
		return new SpringApplicationBuilder(SpringMcpApp.class).properties(all)
			.initializers(context -> beans.forEach(context.getBeanFactory()::registerSingleton))
			.run();
	}

	static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	static String url(ConfigurableApplicationContext context) {
		return "http://127.0.0.1:" + port(context) + "/mcp";
	}

}
