package io.github.mcpsessions.servlet;

import java.io.IOException;
import java.util.Objects;

import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.internal.adapter.AdapterCore;
import io.github.mcpsessions.internal.adapter.DelegatingAdapter;
import io.github.mcpsessions.adapter.SessionPersistenceAdapter;

/**
 * Session persistence for an SDK transport provider whose HTTP side a framework's servlet serves,
 * such as Spring AI's WebMvc provider behind Spring's {@code DispatcherServlet}: a servlet filter
 * mapped to the MCP endpoint, in front of that servlet. It behaves as
 * {@link PersistentStreamableServletTransportProvider} does (restore under the same id, JSON-RPC
 * errors, owner binding, the 503 rule, replica routing of client answers and ended sessions).
 *
 * <pre>{@code
 * PersistentSessionsFilter filter = PersistentSessionsFilter.builder(sdkProvider, repository).build();
 * McpSyncServer server = McpServer.sync(sdkProvider)...build();   // the server gives the provider its session factory
 * filter.attach(server);                    // ...which the filter makes persistent, routing its notifications
 * // register the filter for the MCP endpoint, before the framework's servlet
 * }</pre>
 *
 * <p>A session the SDK does not hold is rebuilt through the server's own session factory and put
 * into the provider's session map, as every adapter does. With replicas, client answers and ended sessions are routed
 * between them; the notifications the server raises are too once the filter is attached to the
 * server ({@link #attach(McpSyncServer)}), as the Spring Boot starter does.
 *
 * @since 0.1.0
 */
public final class PersistentSessionsFilter implements Filter, DelegatingAdapter, AutoCloseable {

	private final AdapterCore core;

	private final SessionGate gate;

	private PersistentSessionsFilter(Builder builder) {
		this.core = new AdapterCore(builder, builder.sdkProvider);
		this.gate = new SessionGate(this.core, builder.ownerResolver());
	}

	/** Starts persisting the sessions of {@code sdkProvider} in {@code repository} (a cache goes in front). */
	public static Builder builder(McpStreamableServerTransportProvider sdkProvider, SessionRepository repository) {
		return new Builder(sdkProvider, repository);
	}

	/**
	 * Makes the session factory the server gave the SDK provider persist and restore sessions. Call
	 * once the {@code McpServer} over the provider is built; calling again does nothing.
	 * @throws io.github.mcpsessions.IncompatibleSdkException if the provider has no factory yet or the SDK is not supported
	 */
	public void attach() {
		this.core.attach();
	}

	/**
	 * Does what {@link #attach()} does, and makes the notifications {@code server} raises (list
	 * changes, resource updates, a message to one session) reach the sessions on every replica through
	 * the message bus, as the decorated servlet's do; without a bus, this is {@link #attach()}.
	 * @throws IllegalArgumentException if the server is built over another SDK provider
	 * @throws io.github.mcpsessions.IncompatibleSdkException if the provider has no factory yet or the SDK is not supported
	 */
	public void attach(McpSyncServer server) {
		attach(server.getAsyncServer());
	}

	/**
	 * Does what {@link #attach()} does, and routes the notifications {@code server} raises to every
	 * replica; see {@link #attach(McpSyncServer)}.
	 * @throws IllegalArgumentException if the server is built over another SDK provider
	 * @throws io.github.mcpsessions.IncompatibleSdkException if the provider has no factory yet or the SDK is not supported
	 */
	public void attach(McpAsyncServer server) {
		this.core.attach(server);
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
			chain.doFilter(request, response);
			return;
		}
		this.gate.handle(http, httpResponse, chain::doFilter);
	}

	/**
	 * Before the server closes: answers the requests this process sent to clients and still waits on
	 * with an error (so those tool calls end with an error, not a broken stream), and stops the cleaner.
	 */
	@Override
	public void close() {
		this.core.close();
	}

	@Override
	public SessionPersistenceAdapter persistence() {
		return this.core;
	}

	/** Configures a {@link PersistentSessionsFilter}; the shared settings are in {@link PersistentSessionsBuilder}. */
	public static final class Builder extends PersistentSessionsBuilder<Builder> {

		private final McpStreamableServerTransportProvider sdkProvider;

		private Builder(McpStreamableServerTransportProvider sdkProvider, SessionRepository repository) {
			super(repository);
			this.sdkProvider = Objects.requireNonNull(sdkProvider, "sdkProvider");
		}

		/**
		 * Builds the filter and checks the SDK's internals it relies on.
		 * @throws io.github.mcpsessions.IncompatibleSdkException if the SDK on the class path is not supported
		 */
		public PersistentSessionsFilter build() {
			return new PersistentSessionsFilter(this);
		}

	}

}
