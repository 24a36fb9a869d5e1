package io.github.mcpsessions.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpFeature;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.feature.McpChangeBroadcaster;
import io.modelcontextprotocol.modern.server.feature.McpChangeFeed;
import io.modelcontextprotocol.modern.server.feature.McpChangePublisher;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;

import io.github.mcpsessions.eras.DualEraServlet;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.servlet.PersistentStreamableServletTransportProvider;

/**
 * A replica serving the tasks extension on one dual-era endpoint on Tomcat: {@code tools} (with
 * their task support) through {@link DurableTasks} over a task store the test shares between
 * replicas.
 */
final class TaskServer implements AutoCloseable {

	static final String OWNER_HEADER = "X-Test-Owner";

	private final Tomcat tomcat;

	private final DurableTasks tasks;

	private final McpSyncServer sessionServer;

	private TaskServer(TaskStore store, Consumer<DurableTasks.Builder> settings,
			Function<DurableTasks, List<McpFeature>> features, McpChangePublisher publisher,
			McpChangeBroadcaster broadcaster) {
		DurableTasks.Builder builder = DurableTasks.builder(store).changes(broadcaster);
		settings.accept(builder);
		this.tasks = builder.build();
		var provider = PersistentStreamableServletTransportProvider
			.builder(HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build(),
					new InMemorySessionRepository())
			.build();
		this.sessionServer = McpServer.sync(provider).serverInfo("tasks-test", "1.0.0").build();
		var modern = io.modelcontextprotocol.modern.server.McpServer.builder()
			.serverInfo(McpSchema.Implementation.builder("tasks-test", "1.0.0").build())
			.features(features.apply(this.tasks))
			.subscriptions(publisher)
			.build();
		this.tasks.serve(modern);
		DualEraServlet endpoint = DualEraServlet.builder(provider, modern)
			.ownerResolver(request -> request.getHeader(OWNER_HEADER))
			.build();
		this.tomcat = new Tomcat();
		try {
			this.tomcat.setBaseDir(Files.createTempDirectory("tasks-tomcat").toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.tomcat.setPort(0);
		this.tomcat.getConnector();
		Context context = this.tomcat.addContext("", null);
		Tomcat.addServlet(context, "mcp", endpoint).setAsyncSupported(true);
		context.addServletMappingDecoded("/mcp", "mcp");
		try {
			this.tomcat.start();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException("Tomcat did not start", ex);
		}
	}

	/** A replica serving {@code tools}, written against the SDK's types, with their task support. */
	static TaskServer start(TaskStore store, Map<String, McpSyncTool> tools, Map<String, TaskSupport> support,
			Consumer<DurableTasks.Builder> settings) {
		McpChangeFeed feed = new McpChangeFeed();
		return start(store, tools, support, settings, feed, feed);
	}

	/** A replica whose task changes go to {@code broadcaster} and whose listeners hear {@code publisher}. */
	static TaskServer start(TaskStore store, Map<String, McpSyncTool> tools, Map<String, TaskSupport> support,
			Consumer<DurableTasks.Builder> settings, McpChangePublisher publisher, McpChangeBroadcaster broadcaster) {
		var definitions = tools.values().stream().map(McpSyncTool::definition).toList();
		McpFeature feature = ToolsFeature.ofSync(new McpSyncToolRepository() {

			@Override
			public ToolsPage list(McpRequestContext context, String cursor) {
				return ToolsPage.of(definitions);
			}

			@Override
			public McpSyncTool find(McpRequestContext context, String name) {
				return tools.get(name);
			}

		});
		return new TaskServer(store, settings, tasks -> List.of(tasks.withTasks(feature, support)), publisher,
				broadcaster);
	}

	/** A replica serving the 2026-07-28 features {@code features} makes with its {@link DurableTasks}. */
	static TaskServer startWith(TaskStore store, Consumer<DurableTasks.Builder> settings,
			Function<DurableTasks, List<McpFeature>> features) {
		McpChangeFeed feed = new McpChangeFeed();
		return new TaskServer(store, settings, features, feed, feed);
	}

	String url() {
		return "http://127.0.0.1:" + this.tomcat.getConnector().getLocalPort() + "/mcp";
	}

	DurableTasks tasks() {
		return this.tasks;
	}

	@Override
	public void close() {
		this.tasks.close();
		this.sessionServer.closeGracefully();
		try {
			this.tomcat.stop();
			this.tomcat.destroy();
		}
		catch (LifecycleException ex) {
			// stopping anyway
		}
	}

}
