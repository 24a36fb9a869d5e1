package io.github.mcpsessions.testing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;

/** The SDK's own Java client, pointed at one server or alternating between several. */
public final class TestClients {

	private TestClients() {
	}

	/** A client of the server at {@code url}, not yet initialized. */
	public static McpSyncClient client(String url) {
		return alternating(List.of(url));
	}

	/** A client whose successive HTTP requests go to each of {@code urls} in turn, as a round-robin balancer would send them. */
	public static McpSyncClient alternating(List<String> urls) {
		AtomicInteger next = new AtomicInteger();
		HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(urls.get(0))
			.endpoint("/mcp")
			.httpRequestCustomizer((builder, method, endpoint, body, context) -> builder
				.uri(URI.create(urls.get(Math.floorMod(next.getAndIncrement(), urls.size())))))
			.build();
		return McpClient.sync(transport)
			.clientInfo(new McpSchema.Implementation("mcp-sessions-test-client", "1.0.0"))
			.requestTimeout(Duration.ofSeconds(20))
			.build();
	}

	/**
	 * A client whose every HTTP request goes to the URL {@code route} picks from the request's method
	 * ({@code GET}, {@code POST}, {@code DELETE}) and body: a load balancer the test controls. It
	 * answers sampling requests with {@code sampling} and hands resource updates to {@code updates}.
	 */
	public static McpSyncClient routed(String firstUrl, java.util.function.BiFunction<String, String, String> route,
			java.util.function.Function<McpSchema.CreateMessageRequest, McpSchema.CreateMessageResult> sampling,
			java.util.function.Consumer<List<McpSchema.ResourceContents>> updates) {
		HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(firstUrl)
			.endpoint("/mcp")
			.httpRequestCustomizer((builder, method, endpoint, body, context) -> builder
				.uri(URI.create(route.apply(method, body == null ? "" : body))))
			.build();
		return McpClient.sync(transport)
			.clientInfo(new McpSchema.Implementation("mcp-sessions-test-client", "1.0.0"))
			.capabilities(McpSchema.ClientCapabilities.builder().sampling().build())
			.sampling(sampling)
			.resourcesUpdateConsumer(updates)
			.requestTimeout(Duration.ofSeconds(20))
			.build();
	}

	/** Calls a tool and returns its first text content; fails on a tool error. */
	public static String call(McpSyncClient client, String tool, Map<String, Object> arguments) {
		McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, arguments));
		String text = ((McpSchema.TextContent) result.content().get(0)).text();
		if (Boolean.TRUE.equals(result.isError())) {
			throw new AssertionError("tool " + tool + " failed: " + text);
		}
		return text;
	}

}
