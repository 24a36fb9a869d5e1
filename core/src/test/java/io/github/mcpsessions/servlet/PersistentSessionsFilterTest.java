package io.github.mcpsessions.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.McpSessions;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * The filter in front of a servlet that serves an SDK provider unchanged, as a framework's servlet
 * would: restores through a dispatch to that servlet, and errors come back as JSON-RPC objects.
 */
class PersistentSessionsFilterTest {

	/** An SDK server served by the SDK's own servlet, with the persistence filter in front of it. */
	private static final class FilteredServer implements AutoCloseable {

		private final Tomcat tomcat = new Tomcat();

		private final McpSyncServer server;

		private final PersistentSessionsFilter filter;

		FilteredServer(SessionRepository store, int port) throws IOException, LifecycleException {
			HttpServletStreamableServerTransportProvider sdk = HttpServletStreamableServerTransportProvider.builder()
				.mcpEndpoint("/mcp")
				.build();
			this.filter = PersistentSessionsFilter.builder(sdk, store).build();
			this.server = McpServer.sync(sdk)
				.serverInfo("filtered", "1.0")
				.capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
				.tools(List.of(McpServerFeatures.SyncToolSpecification.builder()
					.tool(McpSchema.Tool.builder().name("remember").inputSchema(McpJsonDefaults.getMapper(), "{\"type\":\"object\"}").build())
					.callHandler((exchange, request) -> {
						McpSessions.attributes(exchange).put("k", "v");
						return McpSchema.CallToolResult.builder().addTextContent("ok").build();
					})
					.build(), McpServerFeatures.SyncToolSpecification.builder()
						.tool(McpSchema.Tool.builder().name("recall").inputSchema(McpJsonDefaults.getMapper(), "{\"type\":\"object\"}").build())
						.callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
							.addTextContent(McpSessions.attributes(exchange).get("k").orElse("none") + " restored="
									+ McpSessions.isRestored(exchange))
							.build())
						.build()))
				.build();
			this.filter.attach();
			this.tomcat.setBaseDir(Files.createTempDirectory("mcp-sessions-filter").toString());
			this.tomcat.setPort(port);
			this.tomcat.getConnector();
			Context context = this.tomcat.addContext("", null);
			Tomcat.addServlet(context, "mcp-sdk", sdk).setAsyncSupported(true);
			context.addServletMappingDecoded("/mcp", "mcp-sdk");
			FilterDef def = new FilterDef();
			def.setFilterName("mcp-sessions");
			def.setFilter(this.filter);
			def.setAsyncSupported("true");
			context.addFilterDef(def);
			FilterMap map = new FilterMap();
			map.setFilterName("mcp-sessions");
			map.addURLPattern("/mcp");
			context.addFilterMap(map);
			this.tomcat.start();
		}

		String url() {
			return "http://127.0.0.1:" + this.tomcat.getConnector().getLocalPort() + "/mcp";
		}

		@Override
		public void close() throws LifecycleException {
			this.filter.close();
			this.server.closeGracefully();
			this.tomcat.stop();
			this.tomcat.destroy();
		}

	}

	@Test
	void aSessionOfAStoppedServerIsRestoredThroughTheFramesworksServlet() throws Exception {
		InMemorySessionRepository store = new InMemorySessionRepository();
		String sessionId;
		try (FilteredServer first = new FilteredServer(store, 0)) {
			sessionId = RawMcpHttp.initialize(first.url());
			assertThat(RawMcpHttp.post(first.url(), sessionId, RawMcpHttp.toolCall(2, "remember")).body()).contains("ok");
		}
		try (FilteredServer second = new FilteredServer(store, 0)) {
			String body = RawMcpHttp.post(second.url(), sessionId, RawMcpHttp.toolCall(3, "recall")).body();

			assertThat(body).contains("v restored=true");
			assertThat(second.filter.holds(sessionId)).isTrue();
		}
	}

	@Test
	void unknownSessionsGetTheJsonRpc404() throws Exception {
		try (FilteredServer server = new FilteredServer(new InMemorySessionRepository(), 0)) {
			var response = RawMcpHttp.post(server.url(), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", RawMcpHttp.toolCall(1, "recall"),
					Map.of());

			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":").contains("Session not found");
		}
	}

}
