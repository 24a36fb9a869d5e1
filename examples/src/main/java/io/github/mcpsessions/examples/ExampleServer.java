package io.github.mcpsessions.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.slf4j.bridge.SLF4JBridgeHandler;

import io.github.mcpsessions.metrics.SessionMetrics;
import io.github.mcpsessions.servlet.PersistentStreamableServletTransportProvider;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * An MCP server on the official Java SDK whose sessions survive restarts: the SDK's servlet
 * provider, wrapped by {@link PersistentStreamableServletTransportProvider}, on embedded Tomcat.
 * Run with {@code --help} for the options.
 */
public final class ExampleServer implements AutoCloseable {

	private final ExampleStore store;

	private final McpSyncServer server;

	private final Tomcat tomcat;

	private ExampleServer(ExampleOptions options) {
		McpJsonMapper json = McpJsonDefaults.getMapper();
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		SessionMetrics metrics = new SessionMetrics(registry);
		RestoreCounter restores = new RestoreCounter();
		this.store = ExampleStore.open(options);

		// The wiring README shows: the SDK's provider as always, wrapped with a session store.
		var sdkProvider = HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build();
		var provider = PersistentStreamableServletTransportProvider.builder(sdkProvider, metrics.timed(this.store.repository()))
			.idleTimeout(options.sessionTtl())
			.cleanupInterval(options.store() == ExampleOptions.StoreKind.REDIS ? null : java.time.Duration.ofMinutes(10))
			.listener(metrics)
			.listener(restores)
			.build();
		metrics.monitor(provider);
		this.server = McpServer.sync(provider)
			.serverInfo("mcp-sessions-example", "0.1.0")
			.capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
			.tools(new ExampleTools(json, provider.lifecycle().repository(), restores).all())
			.build();

		this.tomcat = new Tomcat();
		try {
			this.tomcat.setBaseDir(Files.createTempDirectory("mcp-sessions-example-tomcat").toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.tomcat.setHostname(options.host());
		this.tomcat.setPort(options.port());
		this.tomcat.getConnector().setProperty("address", options.host());
		Context context = this.tomcat.addContext("", null);
		Tomcat.addServlet(context, "mcp", provider).setAsyncSupported(true);
		context.addServletMappingDecoded("/mcp", "mcp");
		Tomcat.addServlet(context, "health", new HealthServlet(this.store, provider, json));
		context.addServletMappingDecoded("/health", "health");
		Tomcat.addServlet(context, "metrics", new MetricsServlet(registry));
		context.addServletMappingDecoded("/metrics", "metrics");
		try {
			this.tomcat.start();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException("Tomcat did not start: " + ex.getMessage(), ex);
		}
	}

	/** Starts a server with these options; {@link #close()} stops it. */
	static ExampleServer start(ExampleOptions options) {
		return new ExampleServer(options);
	}

	int port() {
		return this.tomcat.getConnector().getLocalPort();
	}

	@Override
	public void close() {
		this.server.closeGracefully();
		try {
			this.tomcat.stop();
			this.tomcat.destroy();
		}
		catch (LifecycleException ex) {
			// stopping anyway
		}
		this.store.close();
	}

	public static void main(String[] args) throws InterruptedException {
		SLF4JBridgeHandler.removeHandlersForRootLogger();
		SLF4JBridgeHandler.install();
		if (java.util.Arrays.asList(args).contains("--help")) {
			System.out.print(ExampleOptions.help());
			return;
		}
		ExampleOptions options;
		try {
			options = ExampleOptions.parse(args, System.getenv());
		}
		catch (ExampleOptions.OptionException ex) {
			System.err.println("mcp-sessions example: " + ex.getMessage());
			System.exit(2);
			return;
		}
		System.out.println("mcp-sessions example: starting with the " + options.store() + " store...");
		ExampleServer example;
		try {
			example = start(options);
		}
		catch (RuntimeException ex) {
			System.err.println("mcp-sessions example: could not start: " + rootMessage(ex));
			System.exit(1);
			return;
		}
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			example.close();
			stopped.countDown();
		}, "mcp-sessions-example-shutdown"));
		String base = "http://" + ("0.0.0.0".equals(options.host()) ? "localhost" : options.host()) + ":" + example.port();
		System.out.println(banner(options, example, base));
		stopped.await();
	}

	private static String banner(ExampleOptions options, ExampleServer example, String base) {
		return """

				  MCP endpoint   %s/mcp   (Streamable HTTP)
				  Session store  %s
				  Session TTL    %s idle
				  Health         %s/health
				  Metrics        %s/metrics

				  Connect a client, e.g.:
				    npx @modelcontextprotocol/inspector   (transport: Streamable HTTP, URL %s/mcp)
				    claude mcp add --transport http sessions-example %s/mcp
				  Tools: remember(key, value), recall(key), session_info.
				  Stop it (even with kill -9) and start it again: your session and what it remembered are still there.
				""".formatted(base, example.store.location(), options.sessionTtl(), base, base, base, base);
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause == ex ? String.valueOf(ex.getMessage()) : ex.getMessage() + " (" + cause.getMessage() + ")";
	}

}
