package io.github.mcpsessions.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.slf4j.bridge.SLF4JBridgeHandler;

import io.github.mcpsessions.McpSessions;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.servlet.PersistentStreamableServletTransportProvider;
import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.session.SessionListener;
import io.github.mcpsessions.state.StateHandles;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A real MCP server for tests: the SDK's sync server on embedded Tomcat 11, its servlet provider
 * wrapped the way README shows. Tools: {@code remember}, {@code recall}, {@code whoami},
 * {@code log}; one subscribable resource, {@value #WATCHED_URI}.
 */
public final class TestMcpServer implements AutoCloseable {

	public static final String WATCHED_URI = "test://watched";

	public static final String OWNER_HEADER = "X-Test-Owner";

	private static final McpJsonMapper JSON = McpJsonDefaults.getMapper();

	private final Tomcat tomcat;

	private final PersistentStreamableServletTransportProvider provider;

	private final McpSyncServer server;

	private final McpAsyncServer asyncServer;

	private final int port;

	private final AtomicInteger restores = new AtomicInteger();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final SessionRepository repository;

	private final SessionMessageBus messageBus;

	static {
		SLF4JBridgeHandler.removeHandlersForRootLogger();
		SLF4JBridgeHandler.install();
	}

	private TestMcpServer(Builder builder) {
		this.repository = builder.repository;
		this.messageBus = builder.messageBus;
		HttpServletStreamableServerTransportProvider.Builder sdk = HttpServletStreamableServerTransportProvider.builder()
			.mcpEndpoint("/mcp");
		if (builder.sweepInterval != null) {
			sdk.sessionSweepInterval(builder.sweepInterval);
		}
		sdk.disallowDelete(builder.disallowDelete);
		PersistentStreamableServletTransportProvider.Builder persistent = PersistentStreamableServletTransportProvider
			.builder(sdk.build(), builder.repository)
			.clock(builder.clock)
			.idleTimeout(builder.idleTimeout)
			.maxLifetime(builder.maxLifetime)
			.listener(new SessionListener() {
				@Override
				public void sessionRestored(McpSessionRecord record) {
					TestMcpServer.this.restores.incrementAndGet();
				}
			});
		if (builder.listener != null) {
			persistent.listener(builder.listener);
		}
		if (builder.messageBus != null) {
			persistent.messageBus(builder.messageBus).messageBusHeartbeat(builder.messageBusHeartbeat);
		}
		if (builder.ownerBinding) {
			persistent.ownerResolver(request -> request.getHeader(OWNER_HEADER));
		}
		if (builder.sessionIdSecret != null) {
			persistent.sessionIdSecret(builder.sessionIdSecret);
		}
		if (builder.eventStore != null) {
			persistent.eventStore(builder.eventStore).sseRetry(Duration.ofMillis(100)).pollingTools(builder.pollingTools);
		}
		this.provider = persistent.build();
		if (builder.async) {
			this.server = null;
			this.asyncServer = McpServer.async(this.provider)
				.serverInfo("mcp-sessions-test-async", "1.0.0")
				.capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
				.tools(asyncTools())
				.build();
		}
		else {
			this.asyncServer = null;
			this.server = syncServer(builder.stateHandles, builder.extraTools);
		}
		this.tomcat = new Tomcat();
		try {
			Path baseDir = Files.createTempDirectory("mcp-sessions-tomcat");
			this.tomcat.setBaseDir(baseDir.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.tomcat.setPort(builder.port);
		this.tomcat.getConnector();
		Context context = this.tomcat.addContext("", null);
		Wrapper wrapper = Tomcat.addServlet(context, "mcp", this.provider);
		wrapper.setAsyncSupported(true);
		context.addServletMappingDecoded("/mcp", "mcp");
		try {
			this.tomcat.start();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException("Tomcat did not start", ex);
		}
		this.port = this.tomcat.getConnector().getLocalPort();
	}

	private McpSyncServer syncServer(StateHandles handles, List<McpServerFeatures.SyncToolSpecification> extraTools) {
		List<McpServerFeatures.SyncToolSpecification> tools = new java.util.ArrayList<>(tools());
		tools.addAll(extraTools);
		if (handles != null) {
			tools.addAll(handleTools(handles));
		}
		return McpServer.sync(this.provider)
			.serverInfo("mcp-sessions-test", "1.0.0")
			.capabilities(McpSchema.ServerCapabilities.builder().tools(true).resources(true, false).logging().build())
			.tools(tools)
			.resources(new McpServerFeatures.SyncResourceSpecification(
					McpSchema.Resource.builder().uri(WATCHED_URI).name("watched").mimeType("text/plain").build(),
					(exchange, request) -> new McpSchema.ReadResourceResult(
							List.of(new McpSchema.TextResourceContents(WATCHED_URI, "text/plain", "watched")))))
			.build();
	}

	/** An async server with the tools the async API can show: {@code whoami} and {@code remember}. */
	private static List<McpServerFeatures.AsyncToolSpecification> asyncTools() {
		return List.of(McpServerFeatures.AsyncToolSpecification.builder()
			.tool(McpSchema.Tool.builder().name("whoami").description("whoami").inputSchema(JSON, "{\"type\":\"object\"}").build())
			.callHandler((exchange, request) -> Mono
				.fromCallable(() -> text(exchange.sessionId() + " restored=" + McpSessions.isRestored(exchange))))
			.build(),
				McpServerFeatures.AsyncToolSpecification.builder()
					.tool(McpSchema.Tool.builder()
						.name("remember")
						.description("remember")
						.inputSchema(JSON, "{\"type\":\"object\"}")
						.build())
					.callHandler((exchange, request) -> Mono.fromCallable(() -> {
						McpSessions.attributes(exchange)
							.put((String) request.arguments().get("key"), (String) request.arguments().get("value"));
						return text("ok");
					}).subscribeOn(Schedulers.boundedElastic()))
					.build());
	}

	public static Builder builder(SessionRepository repository) {
		return new Builder(repository);
	}

	static List<McpServerFeatures.SyncToolSpecification> tools() {
		return List.of(tool("remember", "{\"type\":\"object\",\"properties\":{\"key\":{\"type\":\"string\"},"
				+ "\"value\":{\"type\":\"string\"}},\"required\":[\"key\",\"value\"]}", (exchange, args) -> {
					McpSessions.attributes(exchange).put((String) args.get("key"), (String) args.get("value"));
					return text("ok");
				}), tool("recall", "{\"type\":\"object\",\"properties\":{\"key\":{\"type\":\"string\"}},\"required\":[\"key\"]}",
						(exchange, args) -> McpSessions.attributes(exchange)
							.get((String) args.get("key"))
							.map(TestMcpServer::text)
							.orElseGet(() -> McpSchema.CallToolResult.builder()
								.addTextContent("no value for " + args.get("key"))
								.isError(true)
								.build())),
				tool("sample", "{\"type\":\"object\"}", (exchange, args) -> {
					McpSchema.CreateMessageResult reply = exchange.createMessage(McpSchema.CreateMessageRequest.builder()
						.messages(List.of(new McpSchema.SamplingMessage(McpSchema.Role.USER, new McpSchema.TextContent("hello"))))
						.maxTokens(10)
						.build());
					return text("client said: " + ((McpSchema.TextContent) reply.content()).text());
				}),
				tool("whoami", "{\"type\":\"object\"}",
						(exchange, args) -> text(exchange.sessionId() + " restored=" + McpSessions.isRestored(exchange))),
				tool("log", "{\"type\":\"object\"}", (exchange, args) -> {
					for (McpSchema.LoggingLevel level : List.of(McpSchema.LoggingLevel.INFO, McpSchema.LoggingLevel.WARNING,
							McpSchema.LoggingLevel.ERROR)) {
						exchange.loggingNotification(McpSchema.LoggingMessageNotification.builder()
							.level(level)
							.data("message at " + level.name())
							.build());
					}
					return text("logged");
				}));
	}

	private static List<McpServerFeatures.SyncToolSpecification> handleTools(StateHandles handles) {
		String cartArgument = "{\"type\":\"object\",\"properties\":{\"cart_id\":{\"type\":\"string\"},\"item\":{\"type\":\"string\"}}}";
		return List.of(tool("cart_open", "{\"type\":\"object\"}", (exchange, args) -> text(handles.mint(exchange, "cart").id())),
				tool("cart_add", cartArgument, (exchange, args) -> handles.resolve(exchange, "cart", args.get("cart_id"))
					.map(cart -> {
						cart.put("item:" + args.get("item"), "1");
						return text("added");
					})
					.orElseGet(() -> StateHandles.unknown("cart", "call cart_open to start a new cart"))),
				tool("cart_show", cartArgument, (exchange, args) -> handles.resolve(exchange, "cart", args.get("cart_id"))
					.map(cart -> text(String.join(",", new java.util.TreeSet<>(cart.asMap().keySet()))))
					.orElseGet(() -> StateHandles.unknown("cart", "call cart_open to start a new cart"))),
				tool("visit", "{\"type\":\"object\"}", (exchange, args) -> handles.userState(exchange).map(state -> {
					int visits = Integer.parseInt(state.get("visits").orElse("0")) + 1;
					state.put("visits", Integer.toString(visits));
					return text("visits=" + visits);
				}).orElseGet(() -> text("anonymous"))));
	}

	private static McpServerFeatures.SyncToolSpecification tool(String name, String schema,
			java.util.function.BiFunction<McpSyncServerExchange, Map<String, Object>, McpSchema.CallToolResult> handler) {
		return McpServerFeatures.SyncToolSpecification.builder()
			.tool(McpSchema.Tool.builder().name(name).description(name).inputSchema(JSON, schema).build())
			.callHandler((exchange, request) -> handler.apply(exchange, request.arguments()))
			.build();
	}

	private static McpSchema.CallToolResult text(String text) {
		return McpSchema.CallToolResult.builder().addTextContent(text).build();
	}

	public String url() {
		return "http://127.0.0.1:" + this.port + "/mcp";
	}

	public int port() {
		return this.port;
	}

	/** The store this server was built over. */
	public SessionRepository repository() {
		return this.repository;
	}

	/** The message bus this server was built with, or {@code null}. */
	public SessionMessageBus messageBus() {
		return this.messageBus;
	}

	public PersistentStreamableServletTransportProvider provider() {
		return this.provider;
	}

	public McpSyncServer server() {
		if (this.server == null) {
			throw new IllegalStateException("this test server runs an async MCP server");
		}
		return this.server;
	}

	/** Sessions this server rebuilt from the store. */
	public int restores() {
		return this.restores.get();
	}

	/**
	 * Stops the server completely: Tomcat, the SDK server and its sessions (records stay in the
	 * store). Closing again does nothing.
	 */
	@Override
	public void close() {
		if (this.closed.getAndSet(true)) {
			return;
		}
		if (this.server != null) {
			this.server.closeGracefully();
		}
		else {
			this.asyncServer.closeGracefully().block();
		}
		try {
			this.tomcat.stop();
			this.tomcat.destroy();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException("Tomcat did not stop", ex);
		}
	}

	/** Configures a {@link TestMcpServer}. */
	public static final class Builder {

		private final SessionRepository repository;

		private int port;

		private Duration sweepInterval;

		private boolean ownerBinding;

		private boolean disallowDelete;

		private Clock clock = Clock.systemUTC();

		private Duration idleTimeout = Duration.ofHours(24);

		private Duration maxLifetime;

		private SessionListener listener;

		private SessionMessageBus messageBus;

		private Duration messageBusHeartbeat = Duration.ofMillis(200);

		private StateHandles stateHandles;

		private boolean async;

		private byte[] sessionIdSecret;

		private io.github.mcpsessions.events.EventStore eventStore;

		private String[] pollingTools = new String[0];

		private final List<McpServerFeatures.SyncToolSpecification> extraTools = new java.util.ArrayList<>();

		private Builder(SessionRepository repository) {
			this.repository = repository;
		}

		/** Signs session ids with this secret. */
		public Builder sessionIdSecret(byte[] sessionIdSecret) {
			this.sessionIdSecret = sessionIdSecret;
			return this;
		}

		/** The port to listen on; 0 (the default) picks a free one. */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		public Builder sweepInterval(Duration sweepInterval) {
			this.sweepInterval = sweepInterval;
			return this;
		}

		/** Builds the SDK provider to refuse {@code DELETE} (405). */
		public Builder disallowDelete() {
			this.disallowDelete = true;
			return this;
		}

		/** Binds sessions to the {@value TestMcpServer#OWNER_HEADER} request header. */
		public Builder ownerBinding() {
			this.ownerBinding = true;
			return this;
		}

		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		public Builder idleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
			return this;
		}

		/** Adds the tools cart_open, cart_add, cart_show and visit, keeping their state in these handles. */
		public Builder stateHandles(StateHandles stateHandles) {
			this.stateHandles = stateHandles;
			return this;
		}

		/** Connects the server to others through this bus, as replicas. */
		public Builder messageBusHeartbeat(Duration interval) {
			this.messageBusHeartbeat = interval;
			return this;
		}

		public Builder messageBus(SessionMessageBus messageBus) {
			this.messageBus = messageBus;
			return this;
		}

		/** Hears session events besides the server's own restore counter. */
		public Builder listener(SessionListener listener) {
			this.listener = listener;
			return this;
		}

		public Builder maxLifetime(Duration maxLifetime) {
			this.maxLifetime = maxLifetime;
			return this;
		}

		/** Makes SSE streams resumable over {@code eventStore}; calls of {@code pollingTools} poll. */
		public Builder resumableStreams(io.github.mcpsessions.events.EventStore eventStore, String... pollingTools) {
			this.eventStore = eventStore;
			this.pollingTools = pollingTools;
			return this;
		}

		/** A tool beside the usual ones. */
		public Builder tool(McpServerFeatures.SyncToolSpecification tool) {
			this.extraTools.add(tool);
			return this;
		}

		/** Runs {@code McpServer.async(...)} instead of {@code McpServer.sync(...)}. */
		public Builder async() {
			this.async = true;
			return this;
		}

		public TestMcpServer start() {
			return new TestMcpServer(this);
		}

	}

}
