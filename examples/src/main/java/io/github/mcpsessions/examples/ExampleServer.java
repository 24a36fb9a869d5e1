package io.github.mcpsessions.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.bridge.SLF4JBridgeHandler;

import jakarta.servlet.http.HttpServlet;

import io.github.mcpsessions.adapter.SessionPersistenceAdapter;
import io.github.mcpsessions.cleanup.SessionCleaner;
import io.github.mcpsessions.eras.BusChangeFeed;
import io.github.mcpsessions.eras.DualEraServlet;
import io.github.mcpsessions.eras.SharedKeyRequestStateCodec;
import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.health.ReplicaWarmup;
import io.github.mcpsessions.health.StoredSessionCount;
import io.github.mcpsessions.metrics.SessionMetrics;
import io.github.mcpsessions.servlet.PersistentStreamableServletTransportProvider;
import io.github.mcpsessions.state.StateHandles;
import io.github.mcpsessions.tasks.DurableTasks;
import io.github.mcpsessions.tasks.quartz.QuartzTaskExecution;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.server.McpFeature;
import io.modelcontextprotocol.modern.server.feature.McpChangeFeed;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;

/**
 * An MCP server on the official Java SDK whose sessions survive restarts: the SDK's servlet
 * provider, wrapped by {@link PersistentStreamableServletTransportProvider}, on embedded Tomcat.
 * Run with {@code --help} for the options.
 */
public final class ExampleServer implements AutoCloseable {

	private final ExampleStore store;

	private final McpSyncServer server;

	private final Tomcat tomcat;

	private final SessionCleaner stateCleaner;

	private final DurableTasks tasks;

	private final Scheduler quartz;

	private final SessionPersistenceAdapter persistence;

	private final ExampleOptions options;

	private final StoredSessionCount storedCount;

	private final io.modelcontextprotocol.modern.server.McpServer modernServer;

	private final BusChangeFeed changeFeed;

	private volatile ReplicaWarmup warmup;

	private volatile Supplier<Readiness> quartzReady;

	private ExampleServer(ExampleOptions options, McpApplication application) {
		this.options = options;
		McpJsonMapper json = McpJsonDefaults.getMapper();
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		SessionMetrics metrics = new SessionMetrics(registry);
		RestoreCounter restores = new RestoreCounter();
		this.store = ExampleStore.open(options);
		this.storedCount = new StoredSessionCount(this.store.repository(), Duration.ofMinutes(1));
		metrics.monitor(this.storedCount);
		StateHandles handles = StateHandles.builder(this.store.stateRepository()).idleTimeout(options.sessionTtl()).build();
		this.stateCleaner = options.store() == ExampleOptions.StoreKind.REDIS ? null
				: new SessionCleaner(this.store.stateRepository(), Clock.systemUTC(), Duration.ofMinutes(10), 1_000);
		if (this.stateCleaner != null) {
			this.stateCleaner.start();
		}
		// subscriptions/listen changes of the 2026-07-28 side: carried between replicas by the bus, or in this process.
		this.changeFeed = options.persistence() && options.era() != ExampleOptions.Era.SESSION
				&& this.store.messageBus() != null
						? BusChangeFeed.builder(this.store.messageBus(), this.store.repository()).build() : null;
		McpChangeFeed localChanges = new McpChangeFeed();
		// Durable tasks (MCP tasks extension) for 2026-07-28 tools, kept beside the sessions; none for the plain SDK.
		this.quartz = options.persistence() && options.quartzTasks() ? this.store.quartzScheduler() : null;
		this.quartzReady = this.quartz == null ? () -> Readiness.READY : () -> Readiness.notReady("Quartz scheduler: starting");
		if (options.persistence()) {
			DurableTasks.Builder tasks = DurableTasks.builder(this.store.taskStore())
				.lease(options.taskLease())
				.inlineWindow(options.taskInlineWindow())
				.changes(this.changeFeed != null ? this.changeFeed : localChanges);
			if (this.quartz != null) {
				// Any replica's Quartz worker runs a task; export is safe to run again when its replica died.
				tasks.execution(QuartzTaskExecution.of(this.quartz)).rerunnable(List.of("export"));
			}
			this.tasks = tasks.build();
		}
		else {
			this.tasks = null;
		}
		if (this.tasks != null) {
			metrics.monitor(this.tasks);
		}

		// The wiring README shows: the SDK's provider as always, wrapped with a session store.
		var sdkBuilder = HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp");
		application.customize(sdkBuilder);
		HttpServlet servlet;
		IntSupplier heldSessions;
		Supplier<Readiness> readiness;
		if (options.persistence()) {
			var providerBuilder = PersistentStreamableServletTransportProvider
				.builder(sdkBuilder.build(), metrics.timed(this.store.repository()))
				.idleTimeout(options.sessionTtl())
				.cleanupInterval(options.store() == ExampleOptions.StoreKind.REDIS ? null : Duration.ofMinutes(10))
				.listener(metrics)
				.listener(restores);
			if (options.requireReadyAtStart() != null) {
				// Fail fast: exit if the store cannot be reached in time, instead of starting DOWN and waiting for it.
				providerBuilder.requireReadyAtStart(options.requireReadyAtStart());
			}
			if (options.sessionIdSecret() != null) {
				providerBuilder.sessionIdSecret(options.sessionIdSecret().getBytes(java.nio.charset.StandardCharsets.UTF_8));
			}
			if (this.store.messageBus() != null) {
				// Replicas over one store: answers, notifications and ended sessions reach the replica concerned.
				providerBuilder.messageBus(this.store.messageBus());
			}
			if (options.resumableStreams()) {
				// SSE events stored beside the sessions: a client resumes a broken stream on any replica.
				providerBuilder.eventStore(this.store.eventStore()).pollingTools(application.pollingTools());
			}
			var provider = providerBuilder.build();
			metrics.monitor(provider);
			// Ready when every part on the store is: the adapter's, the state handles' table, tasks, the change feed.
			readiness = () -> Readiness.allOf(provider.readiness(), this.store.stateRepository().readiness(),
					this.tasks.readiness(), this.changeFeed != null ? this.changeFeed.readiness() : Readiness.READY,
					this.quartzReady.get());
			this.server = application.build(McpServer.sync(provider).serverInfo(application.name(), "0.1.0"),
					new McpApplication.Services(json, provider.repository(), restores, handles, this.tasks));
			List<McpFeature> modern = options.era() == ExampleOptions.Era.SESSION ? List.of() : application.modernFeatures();
			if (modern.isEmpty()) {
				this.modernServer = null;
				servlet = provider;
			}
			else {
				// MCP 2026-07-28 on the same endpoint: request state sealed under keys kept in the store,
				// subscriptions/listen changes carried between replicas by the bus.
				var modernServer = modernServer(application, modern)
					.requestStateCodec(SharedKeyRequestStateCodec.builder(this.store.repository()).build())
					.subscriptions(this.changeFeed != null ? this.changeFeed : localChanges);
				if (options.era() == ExampleOptions.Era.BOTH) {
					// server/discover lists every version the endpoint speaks, the handshake era's too.
					modernServer.supportedVersions(DualEraServlet.VERSIONS);
				}
				this.modernServer = modernServer.build();
				this.tasks.serve(this.modernServer);
				servlet = options.era() == ExampleOptions.Era.MODERN ? modernTransport(application, this.modernServer, json)
						: DualEraServlet.builder(provider, this.modernServer)
							.jsonMapper(json)
							.readiness(readiness)
							.modernTransport(application::customizeModern)
							.build();
			}
			heldSessions = provider::heldSessionCount;
			this.persistence = provider;
		}
		else {
			// For comparisons only: the SDK's provider (or its 2026-07-28 server) as it comes, state in its RAM.
			var sdkProvider = sdkBuilder.build();
			this.server = application.build(McpServer.sync(sdkProvider).serverInfo(application.name(), "0.1.0"),
					new McpApplication.Services(json, this.store.repository(), restores, handles, this.tasks));
			if (options.era() == ExampleOptions.Era.MODERN) {
				this.modernServer = modernServer(application, application.modernFeatures()).build();
				servlet = modernTransport(application, this.modernServer, json);
			}
			else {
				this.modernServer = null;
				servlet = sdkProvider;
			}
			heldSessions = () -> -1;
			readiness = () -> Readiness.READY;
			this.persistence = null;
		}

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
		Tomcat.addServlet(context, "mcp", servlet).setAsyncSupported(true);
		context.addServletMappingDecoded("/mcp", "mcp");
		Supplier<Readiness> served = readiness;
		boolean warmUp = options.persistence() && options.warmUp() != null;
		Supplier<Readiness> ready = !warmUp ? served : () -> {
			ReplicaWarmup current = this.warmup;
			return Readiness.allOf(served.get(), current != null ? current.readiness() : Readiness.notReady("starting"));
		};
		Tomcat.addServlet(context, "health", new HealthServlet(this.store, this.storedCount, heldSessions, ready,
				() -> this.persistence != null && this.persistence.isDraining(), json));
		context.addServletMappingDecoded("/health", "health");
		Tomcat.addServlet(context, "metrics", new MetricsServlet(registry));
		context.addServletMappingDecoded("/metrics", "metrics");
		try {
			this.tomcat.start();
			if (this.quartz != null) {
				this.quartzReady = this.store.startQuartz(this.quartz);
			}
			if (warmUp) {
				// Before /health says UP: this process calls its own endpoint until the JIT has the request path.
				String host = "0.0.0.0".equals(options.host()) ? "127.0.0.1" : options.host();
				ReplicaWarmup.Builder warming = ReplicaWarmup
					.builder(this.persistence, URI.create("http://" + host + ":" + port() + "/mcp"))
					.duration(options.warmUp());
				application.warmUpCalls().forEach(warming::toolCall);
				this.warmup = warming.start();
			}
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException("The server did not start: " + ex.getMessage(), ex);
		}
	}

	private static io.modelcontextprotocol.modern.server.McpServer.Builder modernServer(McpApplication application,
			List<McpFeature> features) {
		return io.modelcontextprotocol.modern.server.McpServer.builder()
			.serverInfo(io.modelcontextprotocol.modern.McpSchema.Implementation.builder(application.name(), "0.1.0").build())
			.features(features);
	}

	private static HttpServlet modernTransport(McpApplication application,
			io.modelcontextprotocol.modern.server.McpServer server, McpJsonMapper json) {
		var transport = HttpServletMcpTransport.builder(server).jsonMapper(json);
		application.customizeModern(transport);
		return transport.build();
	}

	/** Starts {@code application} with these options; {@link #close()} stops it. */
	static ExampleServer start(ExampleOptions options, McpApplication application) {
		return new ExampleServer(options, application);
	}

	int port() {
		return this.tomcat.getConnector().getLocalPort();
	}

	/**
	 * A graceful stop, as on {@code SIGTERM}: drain ({@code /health} answers 503 while requests are
	 * served for the drain period), stop accepting connections, let requests in flight finish (at
	 * most the drain timeout), then close: pending server-to-client requests are failed, throttled
	 * session uses written, listening streams closed (clients reconnect to another replica).
	 */
	void drainAndClose() {
		if (this.persistence != null) {
			this.persistence.startDraining();
			LockSupport.parkNanos(this.options.drainPeriod().toNanos());
			if (this.tasks != null) {
				this.tasks.drain(this.options.drainTimeout());
			}
			this.tomcat.getConnector().getProtocolHandler().closeServerSocketGraceful();
			try {
				if (!this.persistence.awaitRequestsInFlight(this.options.drainTimeout())) {
					System.err.println("mcp-sessions example: requests still in flight after the drain timeout; stopping anyway");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		close();
	}

	@Override
	public void close() {
		if (this.warmup != null) {
			this.warmup.close();
		}
		if (this.tasks != null) {
			this.tasks.close();
		}
		if (this.quartz != null) {
			try {
				this.quartz.shutdown(false);
			}
			catch (SchedulerException ex) {
				// stopping anyway
			}
		}
		this.server.closeGracefully();
		if (this.modernServer != null) {
			this.modernServer.closeGracefully();
		}
		if (this.changeFeed != null) {
			this.changeFeed.close();
		}
		this.storedCount.close();
		if (this.stateCleaner != null) {
			this.stateCleaner.close();
		}
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
		run(args, new ExampleTools());
	}

	/** Parses the options, starts {@code application} and runs until the process is stopped. */
	static void run(String[] args, McpApplication application) throws InterruptedException {
		SLF4JBridgeHandler.removeHandlersForRootLogger();
		SLF4JBridgeHandler.install();
		String name = application.name();
		if (Arrays.asList(args).contains("--help")) {
			System.out.print(ExampleOptions.help(name));
			return;
		}
		ExampleOptions options;
		try {
			options = ExampleOptions.parse(args, System.getenv());
		}
		catch (ExampleOptions.OptionException ex) {
			System.err.println(name + ": " + ex.getMessage());
			System.exit(2);
			return;
		}
		System.out.println(name + ": starting with the " + options.store() + " store...");
		ExampleServer running;
		try {
			running = start(options, application);
		}
		catch (RuntimeException ex) {
			System.err.println(name + ": could not start: " + rootMessage(ex));
			System.exit(1);
			return;
		}
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			running.drainAndClose();
			stopped.countDown();
		}, "mcp-sessions-example-shutdown"));
		String base = "http://" + ("0.0.0.0".equals(options.host()) ? "localhost" : options.host()) + ":" + running.port();
		System.out.println(banner(options, running.store.location(), base, application.describe()));
		stopped.await();
	}

	private static String banner(ExampleOptions options, String storeLocation, String base, String features) {
		return String.join(System.lineSeparator(), "", "  MCP endpoint   " + base + "/mcp   (Streamable HTTP)",
				"  Session store  " + storeLocation, "  Session TTL    " + options.sessionTtl() + " idle",
				"  Health         " + base + "/health", "  Metrics        " + base + "/metrics", "",
				"  Connect a client, e.g.:",
				"    npx @modelcontextprotocol/inspector   (transport: Streamable HTTP, URL " + base + "/mcp)",
				"    claude mcp add --transport http sessions-example " + base + "/mcp", "  " + features,
				"  Stop it (even with kill -9) and start it again: your session and what it remembered are still there.",
				"");
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause == ex ? String.valueOf(ex.getMessage()) : ex.getMessage() + " (" + cause.getMessage() + ")";
	}

}
