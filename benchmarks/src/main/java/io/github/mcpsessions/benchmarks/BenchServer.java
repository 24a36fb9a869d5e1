package io.github.mcpsessions.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;

import io.github.mcpsessions.McpSessions;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.servlet.PersistentStreamableServletTransportProvider;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServlet;

/**
 * An MCP server on embedded Tomcat with one tool, {@code echo}, served either by the plain SDK
 * servlet provider or by the decorated one over a repository: the two sides of every comparison.
 */
final class BenchServer implements AutoCloseable {

	private final Tomcat tomcat = new Tomcat();

	private final McpSyncServer server;

	private final PersistentStreamableServletTransportProvider decorated;

	private final int port;

	/** The plain SDK provider when {@code repository} is {@code null}, else the decorated one over it. */
	BenchServer(SessionRepository repository) {
		this(repository, null);
	}

	/** As {@link #BenchServer(SessionRepository)}, the decorated provider signing ids with {@code idSecret} if given. */
	BenchServer(SessionRepository repository, byte[] idSecret) {
		HttpServletStreamableServerTransportProvider sdk = HttpServletStreamableServerTransportProvider.builder()
			.mcpEndpoint("/mcp")
			.build();
		HttpServlet servlet;
		if (repository == null) {
			this.decorated = null;
			this.server = build(McpServer.sync(sdk));
			servlet = sdk;
		}
		else {
			var builder = PersistentStreamableServletTransportProvider.builder(sdk, repository).cleanupInterval(null);
			if (idSecret != null) {
				builder.sessionIdSecret(idSecret);
			}
			this.decorated = builder.build();
			this.server = build(McpServer.sync(this.decorated));
			servlet = this.decorated;
		}
		try {
			this.tomcat.setBaseDir(Files.createTempDirectory("mcp-bench-tomcat").toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.tomcat.setPort(0);
		this.tomcat.getConnector().setProperty("maxKeepAliveRequests", "-1");
		this.tomcat.getConnector().setProperty("maxThreads", "200");
		Context context = this.tomcat.addContext("", null);
		Wrapper wrapper = Tomcat.addServlet(context, "mcp", servlet);
		wrapper.setAsyncSupported(true);
		wrapper.addMapping("/mcp");
		try {
			this.tomcat.start();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException("Tomcat did not start", ex);
		}
		this.port = this.tomcat.getConnector().getLocalPort();
	}

	private static McpSyncServer build(McpServer.SyncSpecification<?> spec) {
		return spec.serverInfo("mcp-sessions-bench", "1.0")
			.capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
			.tools(McpServerFeatures.SyncToolSpecification.builder()
				.tool(McpSchema.Tool.builder()
					.name("echo")
					.description("echo")
					.inputSchema(McpJsonDefaults.getMapper(), "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}")
					.build())
				.callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
					.addTextContent(String.valueOf(request.arguments().get("text")))
					.build())
				.build(), McpServerFeatures.SyncToolSpecification.builder()
				.tool(McpSchema.Tool.builder()
					.name("restored")
					.description("whether this process restored the session")
					.inputSchema(McpJsonDefaults.getMapper(), "{\"type\":\"object\"}")
					.build())
				.callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
					.addTextContent(Boolean.toString(McpSessions.isRestored(exchange)))
					.build())
				.build())
			.build();
	}

	String url() {
		return "http://127.0.0.1:" + this.port + "/mcp";
	}

	PersistentStreamableServletTransportProvider decorated() {
		return this.decorated;
	}

	@Override
	public void close() {
		this.server.closeGracefully();
		try {
			this.tomcat.stop();
			this.tomcat.destroy();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
