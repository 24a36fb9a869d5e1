package io.github.mcpsessions.eras;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpRequestManager;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import io.modelcontextprotocol.server.McpTransportContextExtractor;

import io.github.mcpsessions.adapter.SessionPersistenceAdapter;
import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.internal.jsonrpc.JsonRpcBody;
import io.github.mcpsessions.internal.jsonrpc.JsonRpcErrors;

/**
 * One MCP endpoint for clients of both eras: MCP 2026-07-28 requests go to an SDK 2.2
 * {@code io.modelcontextprotocol.modern} server, every other request to the session-era servlet
 * (typically a {@link io.github.mcpsessions.servlet.PersistentStreamableServletTransportProvider}),
 * so a server that moves to 2026-07-28 keeps its handshake-era clients and their durable sessions.
 *
 * <p>A request is routed on its {@code MCP-Protocol-Version} header, as the specification's
 * backward-compatibility rules and the Python SDK do: no header (an {@code initialize}, or a
 * 2025-03-26 client) or a handshake-era version goes to the session era; a version the modern
 * server speaks goes to it (a 2026-07-28 client sends the header on every request); any other
 * version gets 400 and a JSON-RPC error {@value #UNSUPPORTED_PROTOCOL_VERSION} whose {@code data}
 * lists the versions this endpoint speaks.
 *
 * <pre>{@code
 * HttpServlet endpoint = DualEraServlet.builder(persistentProvider, modernServer)
 *     .ownerResolver(request -> request.getRemoteUser())   // the session era's owner resolver
 *     .build();
 * }</pre>
 *
 * <p>The modern side's transport context carries the caller's owner under {@link #OWNER} (for
 * {@link DualEraFeatures}, state handles and request state bound to the principal). Needs MCP Java
 * SDK 2.2 or later. Thread-safe.
 *
 * @since 0.1.0
 */
public final class DualEraServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	/** The transport-context key under which the modern side finds the caller's owner (a {@code String}). */
	public static final String OWNER = "io.github.mcpsessions.owner";

	/** The JSON-RPC error code of a request of a protocol version this endpoint does not speak (MCP 2026-07-28). */
	public static final int UNSUPPORTED_PROTOCOL_VERSION = McpSchema.ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION;

	/** The handshake-era protocol revisions, oldest first. */
	public static final List<String> SESSION_ERA_VERSIONS = List.of("2024-11-05", "2025-03-26", "2025-06-18",
			"2025-11-25");

	/**
	 * Every version this endpoint speaks by default, newest first: 2026-07-28 and the handshake era's.
	 * Give it to the 2026-07-28 server ({@code McpServer.builder().supportedVersions(DualEraServlet.VERSIONS)})
	 * so that its {@code server/discover} lists what the endpoint speaks, as the unsupported-version
	 * error does: a client sees the handshake-era versions and can fall back to {@code initialize}.
	 */
	public static final List<String> VERSIONS = List.of(McpSchema.LATEST_PROTOCOL_VERSION, "2025-11-25", "2025-06-18",
			"2025-03-26", "2024-11-05");

	private static final String PROTOCOL_VERSION_HEADER = "MCP-Protocol-Version";

	private static final int MAX_ID_BODY = 64 * 1024;

	private final transient HttpServlet sessionEra;

	private final transient HttpServletMcpTransport modern;

	private final transient Set<String> sessionEraVersions;

	private final transient Set<String> modernVersions;

	private final transient List<String> supported;

	private final transient McpJsonMapper jsonMapper;

	private final transient Supplier<Readiness> readiness;

	private DualEraServlet(Builder builder) {
		this.sessionEra = builder.sessionEra;
		this.readiness = builder.readiness != null ? builder.readiness
				: builder.sessionEra instanceof SessionPersistenceAdapter adapter ? adapter::readiness : () -> Readiness.READY;
		this.sessionEraVersions = Set.copyOf(builder.sessionEraVersions);
		this.modernVersions = Set.copyOf(builder.modernVersions);
		List<String> newestFirst = new ArrayList<>(builder.sessionEraVersions);
		Collections.reverse(newestFirst);
		newestFirst.addAll(0, builder.modernVersions);
		this.supported = List.copyOf(newestFirst);
		this.jsonMapper = builder.jsonMapper;
		HttpServletMcpTransport.Builder transport = HttpServletMcpTransport.builder(builder.modernServer)
			.jsonMapper(builder.jsonMapper)
			.contextExtractor(ownerContext(builder.ownerResolver, builder.contextExtractor))
			.errorStatus(JsonRpcErrors.STORE_UNAVAILABLE, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		builder.modernTransport.accept(transport);
		this.modern = transport.build();
	}

	/**
	 * Starts an endpoint over a session-era servlet and a 2026-07-28 server (an SDK 2.2
	 * {@code io.modelcontextprotocol.modern.server.McpServer}).
	 */
	public static Builder builder(HttpServlet sessionEra, McpRequestManager modernServer) {
		return new Builder(sessionEra, modernServer);
	}

	/** The protocol versions this endpoint speaks, newest first. */
	public List<String> supportedVersions() {
		return this.supported;
	}

	@Override
	public void init(ServletConfig config) throws ServletException {
		super.init(config);
		this.sessionEra.init(config);
		this.modern.init(config);
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response)
			throws ServletException, IOException {
		String version = request.getHeader(PROTOCOL_VERSION_HEADER);
		if (version == null || version.isBlank() || this.sessionEraVersions.contains(version.strip())) {
			this.sessionEra.service(request, response);
		}
		else if (this.modernVersions.contains(version.strip())) {
			if (!this.readiness.get().ready()) {
				refuse(request, response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, JsonRpcErrors.NOT_READY.code(),
						JsonRpcErrors.NOT_READY_MESSAGE, null);
				return;
			}
			this.modern.service(request, new RetryAfterOnUnavailable(response));
		}
		else {
			refuseVersion(request, response, version);
		}
	}

	/** A store that is down (503) tells the client when to retry, as the session era does. */
	private static final class RetryAfterOnUnavailable extends HttpServletResponseWrapper {

		RetryAfterOnUnavailable(HttpServletResponse response) {
			super(response);
		}

		@Override
		public void setStatus(int status) {
			if (status == SC_SERVICE_UNAVAILABLE) {
				setHeader("Retry-After", JsonRpcErrors.RETRY_AFTER_SECONDS);
			}
			super.setStatus(status);
		}

	}

	private void refuseVersion(HttpServletRequest request, HttpServletResponse response, String version)
			throws IOException {
		refuse(request, response, HttpServletResponse.SC_BAD_REQUEST, UNSUPPORTED_PROTOCOL_VERSION,
				"Unsupported protocol version '" + printable(version) + "'; this server speaks "
						+ String.join(", ", this.supported),
				Map.of("supported", this.supported, "requested", printable(version)));
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, int status, int code, String message,
			Object data) throws IOException {
		Object id = "POST".equals(request.getMethod()) ? new JsonRpcBody.Reader(this.jsonMapper).requestId(head(request))
				: null;
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", code);
		error.put("message", message);
		if (data != null) {
			error.put("data", data);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("jsonrpc", "2.0");
		body.put("id", id);
		body.put("error", error);
		if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
			response.setHeader("Retry-After", JsonRpcErrors.RETRY_AFTER_SECONDS);
		}
		response.setStatus(status);
		response.setContentType("application/json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getOutputStream().write(this.jsonMapper.writeValueAsBytes(body));
	}

	private static byte[] head(HttpServletRequest request) throws IOException {
		try (InputStream in = request.getInputStream()) {
			byte[] head = in.readNBytes(MAX_ID_BODY);
			return in.read() < 0 ? head : new byte[0];
		}
	}

	private static String printable(String version) {
		String cut = version.length() > 64 ? version.substring(0, 64) : version;
		return cut.replaceAll("[^\\x20-\\x7E]", "?");
	}

	@Override
	public void destroy() {
		this.modern.destroy();
		this.sessionEra.destroy();
		super.destroy();
	}

	/** Stops the modern side gracefully (open responses finish); the session era is stopped by its own server. */
	public void closeGracefully() {
		this.modern.closeGracefully();
	}

	private static McpTransportContextExtractor<HttpServletRequest> ownerContext(
			Function<HttpServletRequest, String> ownerResolver,
			McpTransportContextExtractor<HttpServletRequest> extractor) {
		return request -> {
			McpTransportContext context = extractor == null ? McpTransportContext.EMPTY : extractor.extract(request);
			String owner = ownerResolver == null ? null : ownerResolver.apply(request);
			return owner == null ? context : context.putAll(Map.of(OWNER, owner));
		};
	}

	/** Configures a {@link DualEraServlet}. */
	public static final class Builder {

		private final HttpServlet sessionEra;

		private final McpRequestManager modernServer;

		private Function<HttpServletRequest, String> ownerResolver;

		private Supplier<Readiness> readiness;

		private McpTransportContextExtractor<HttpServletRequest> contextExtractor;

		private List<String> modernVersions = List.of(McpSchema.LATEST_PROTOCOL_VERSION);

		private List<String> sessionEraVersions = SESSION_ERA_VERSIONS;

		private McpJsonMapper jsonMapper = McpJsonDefaults.getMapper();

		private Consumer<HttpServletMcpTransport.Builder> modernTransport = transport -> {
		};

		private Builder(HttpServlet sessionEra, McpRequestManager modernServer) {
			this.sessionEra = Objects.requireNonNull(sessionEra, "sessionEra");
			this.modernServer = Objects.requireNonNull(modernServer, "modernServer");
		}

		/**
		 * Whether the endpoint can serve 2026-07-28 requests; while not, they are answered 503 with
		 * {@code Retry-After}. Default: the session-era servlet's {@link SessionPersistenceAdapter#readiness()}
		 * when it is an adapter of this library, else always ready. Give more parts (a task store, a change
		 * feed) with {@code () -> Readiness.allOf(adapter.readiness(), tasks.readiness(), ...)}.
		 */
		public Builder readiness(Supplier<Readiness> readiness) {
			this.readiness = Objects.requireNonNull(readiness, "readiness");
			return this;
		}

		/**
		 * Who the caller is (e.g. the authenticated principal), for the modern side; pass the same
		 * function as to the session era's provider, so state handles and per-user state are the
		 * caller's in both eras. {@code null} answers mean anonymous.
		 */
		public Builder ownerResolver(Function<HttpServletRequest, String> ownerResolver) {
			this.ownerResolver = Objects.requireNonNull(ownerResolver, "ownerResolver");
			return this;
		}

		/** What else the modern side's transport context carries (the owner is added to it). */
		public Builder contextExtractor(
				McpTransportContextExtractor<HttpServletRequest> contextExtractor) {
			this.contextExtractor = Objects.requireNonNull(contextExtractor, "contextExtractor");
			return this;
		}

		/** The versions routed to the modern server (default: the SDK's latest, 2026-07-28). */
		public Builder modernVersions(List<String> versions) {
			this.modernVersions = nonEmpty("modernVersions", versions);
			return this;
		}

		/** The versions routed to the session era, oldest first (default {@link DualEraServlet#SESSION_ERA_VERSIONS}). */
		public Builder sessionEraVersions(List<String> versions) {
			this.sessionEraVersions = nonEmpty("sessionEraVersions", versions);
			return this;
		}

		/** The JSON mapper of the modern transport and of refusals (default the SDK's). */
		public Builder jsonMapper(McpJsonMapper jsonMapper) {
			this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
			return this;
		}

		/**
		 * Adjusts the modern side's {@link HttpServletMcpTransport} (request size, header validation,
		 * keep-alive); its JSON mapper and context extractor are this builder's.
		 */
		public Builder modernTransport(Consumer<HttpServletMcpTransport.Builder> customizer) {
			this.modernTransport = Objects.requireNonNull(customizer, "customizer");
			return this;
		}

		/**
		 * Builds the endpoint.
		 * @throws IllegalArgumentException if a version is routed to both eras
		 */
		public DualEraServlet build() {
			for (String version : this.modernVersions) {
				if (this.sessionEraVersions.contains(version)) {
					throw new IllegalArgumentException("Protocol version " + version + " is routed to both eras");
				}
			}
			return new DualEraServlet(this);
		}

		private static List<String> nonEmpty(String name, List<String> versions) {
			if (versions == null || versions.isEmpty() || versions.stream().anyMatch(v -> v == null || v.isBlank())) {
				throw new IllegalArgumentException(name + " must list at least one version, none blank");
			}
			return List.copyOf(versions);
		}

	}

}
