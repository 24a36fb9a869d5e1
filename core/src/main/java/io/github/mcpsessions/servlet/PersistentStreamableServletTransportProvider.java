package io.github.mcpsessions.servlet;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import reactor.core.publisher.Mono;

import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.internal.adapter.AdapterCore;
import io.github.mcpsessions.internal.adapter.DelegatingAdapter;
import io.github.mcpsessions.internal.drain.GracefulStop;
import io.github.mcpsessions.internal.sdk.ClientNotifications;
import io.github.mcpsessions.internal.sdk.SdkBridge;
import io.github.mcpsessions.adapter.SessionPersistenceAdapter;

/**
 * The MCP Java SDK's servlet transport with sessions that survive restarts, deploys and hops
 * between replicas. It wraps an {@link HttpServletStreamableServerTransportProvider} built as
 * usual (every SDK option keeps working) and is both the provider handed to
 * {@code McpServer.sync(...)} / {@code McpServer.async(...)} and the servlet to mount:
 *
 * <pre>{@code
 * var sdkProvider = HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build();
 * var provider = PersistentStreamableServletTransportProvider.builder(sdkProvider, repository).build();
 * McpServer.sync(provider).serverInfo("my-server", "1.0").tools(...).build();
 * tomcat.addServlet("", "mcp", provider).setAsyncSupported(true); // mapped to /mcp
 * }</pre>
 *
 * <p>On {@code initialize} the session is created as the SDK does, under a secure random id, and
 * its record saved before the response leaves. A request whose {@code Mcp-Session-Id} this
 * process does not hold is looked up in the store; a live record is rebuilt under the same id and
 * the SDK then serves the request as if nothing had happened. {@code DELETE} and expiry remove the
 * record; the SDK's idle sweeper only frees memory. Unknown, expired, foreign-owned and malformed
 * ids get 404, an unreachable store 503 with {@code Retry-After}, and every error body is a
 * JSON-RPC error object.
 *
 * @since 0.1.0
 */
public final class PersistentStreamableServletTransportProvider extends HttpServlet
		implements McpStreamableServerTransportProvider, DelegatingAdapter {

	private static final long serialVersionUID = 1L;

	private final transient HttpServletStreamableServerTransportProvider delegate;

	private final transient AdapterCore core;

	private final transient SdkBridge sdk;

	private final transient ClientNotifications notifications;

	private final transient GracefulStop stop;

	private final transient SessionGate gate;

	private PersistentStreamableServletTransportProvider(Builder builder) {
		this.delegate = builder.delegate;
		this.core = new AdapterCore(builder, builder.delegate);
		this.sdk = this.core.sdk();
		this.notifications = this.core.notifications();
		this.stop = this.core.gracefulStop();
		this.gate = new SessionGate(this.core, builder.ownerResolver());
	}

	/**
	 * Starts wrapping {@code sdkProvider}, storing sessions in {@code repository}, with this
	 * process's cache in front (see the builder's {@code cache...} settings).
	 */
	public static Builder builder(HttpServletStreamableServerTransportProvider sdkProvider,
			SessionRepository repository) {
		return new Builder(sdkProvider, repository);
	}





	@Override
	public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
		this.delegate.setSessionFactory(this.sdk.persisting(sessionFactory));
	}

	/** With a message bus, reaches sessions whose listening stream another replica holds too. */
	@Override
	public Mono<Void> notifyClients(String method, Object params) {
		return this.notifications.notifyClients(method, params);
	}

	/** With a message bus, reaches the session's listening stream on whichever replica holds it. */
	@Override
	public Mono<Void> notifyClient(String sessionId, String method, Object params) {
		return this.notifications.notifyClient(sessionId, method, params);
	}

	@Override
	public List<String> protocolVersions() {
		return this.delegate.protocolVersions();
	}

	/**
	 * Starts a graceful stop (step 1 of 3): {@link #isDraining()} turns true, so a health check can
	 * answer 503 and load balancers stop routing here, and each response asks the client to close
	 * its connection; every request that still arrives is served as usual. Step 2: once the load
	 * balancers have noticed, the host stops accepting connections and calls
	 * {@link #awaitRequestsInFlight}; step 3: {@link #closeGracefully()}. The example server does
	 * all three on {@code SIGTERM} (docs/operations.md, "Rolling deploys").
	 */
	@Override
	public void startDraining() {
		this.core.startDraining();
	}




	/**
	 * Closes the SDK's sessions in this process (their records stay), writes their throttled uses
	 * to the store and stops the cleaner. Requests
	 * this process sent to clients and still waits on are answered first with an error, so the tool
	 * calls waiting on them end with an error their client receives, not a stream that breaks.
	 */
	@Override
	public Mono<Void> closeGracefully() {
		return Mono.fromRunnable(this.stop::failPendingClientRequests)
			.then(this.delegate.closeGracefully())
			.doFinally(signal -> this.stop.stopBackgroundWork());
	}

	/** What this provider delegates the shared adapter surface to. */
	@Override
	public SessionPersistenceAdapter persistence() {
		return this.core;
	}

	/** This provider's core, for the tests of this package. */
	AdapterCore core() {
		return this.core;
	}

	@Override
	public void init(ServletConfig config) throws ServletException {
		super.init(config);
		this.delegate.init(config);
	}

	@Override
	public void destroy() {
		this.delegate.destroy();
		this.stop.stopBackgroundWork();
		super.destroy();
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		this.gate.handle(request, response, this.delegate::service);
	}

	/** Configures a {@link PersistentStreamableServletTransportProvider}; the settings are in {@link PersistentSessionsBuilder}. */
	public static final class Builder extends PersistentSessionsBuilder<Builder> {

		private final HttpServletStreamableServerTransportProvider delegate;

		private Builder(HttpServletStreamableServerTransportProvider delegate, SessionRepository repository) {
			super(repository);
			this.delegate = Objects.requireNonNull(delegate, "sdkProvider");
		}

		/**
		 * Builds the provider and checks the SDK's internals it relies on.
		 * @throws io.github.mcpsessions.IncompatibleSdkException if the SDK on the class path is not supported
		 */
		public PersistentStreamableServletTransportProvider build() {
			return new PersistentStreamableServletTransportProvider(this);
		}

	}

}
