package io.github.mcpsessions.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.internal.messaging.ReplicaRouting;
import io.github.mcpsessions.internal.sdk.SessionStart;
import io.github.mcpsessions.internal.session.SessionIds;
import io.github.mcpsessions.internal.session.SessionLifecycle;
import io.github.mcpsessions.internal.session.SessionLookup;
import io.github.mcpsessions.internal.transport.JsonRpcBody;
import io.github.mcpsessions.internal.transport.JsonRpcErrors;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.session.SessionRejection;
import io.github.mcpsessions.transport.PersistentSessions;

/**
 * What a request for a session goes through before the SDK sees it, for any servlet-hosted SDK
 * transport: the id's shape, the store, the owner, expiry, restore under the original id, routing
 * of client answers to other replicas, and the rewriting of every error into a JSON-RPC object. The
 * SDK is reached through a {@link Downstream} and sessions are rebuilt through a {@link Restorer},
 * so the same gate serves the decorated servlet and a filter in front of a framework's servlet.
 */
final class SessionGate {

	private static final Logger logger = LoggerFactory.getLogger(SessionGate.class);

	private static final String SESSION_HEADER = "Mcp-Session-Id";

	/** How the gate reaches the SDK's HTTP handling. */
	@FunctionalInterface
	interface Downstream {

		void serve(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException;

	}

	/** How a session the SDK does not hold is rebuilt in it; answers an HTTP status, 200 when it went through. */
	@FunctionalInterface
	interface Restorer {

		int restore(McpSessionRecord record, HttpServletRequest request, HttpServletResponse response);

	}

	private final PersistentSessions sessions;

	private final SessionLifecycle lifecycle;

	private final JsonRpcErrors errors;

	private final Function<HttpServletRequest, String> ownerResolver;

	private final ReplicaRouting routing;

	SessionGate(PersistentSessions sessions, Function<HttpServletRequest, String> ownerResolver) {
		this.sessions = sessions;
		this.lifecycle = sessions.lifecycle();
		this.errors = sessions.errors();
		this.ownerResolver = ownerResolver;
		this.routing = sessions.routing();
	}

	private boolean holds(String sessionId) {
		return this.sessions.holds(sessionId);
	}

	/**
	 * Serves one request: hands it to {@code sdk} when the session is held here (after restoring it
	 * through {@code restorer} if needed), answers it alone when it must be refused or routed away.
	 * {@code sdk} is called at most once.
	 */
	void handle(HttpServletRequest request, HttpServletResponse response, Downstream sdk, Restorer restorer)
			throws ServletException, IOException {
		if (this.sessions.isDraining()) {
			response.setHeader("Connection", "close");
		}
		// A listening stream (GET) lasts as long as the client wants: a graceful stop does not wait for it.
		if ("GET".equals(request.getMethod())) {
			serve(request, response, sdk, restorer);
			return;
		}
		InFlightRequest counted = new InFlightRequest(request, this.sessions.inFlight());
		try {
			serve(counted, response, sdk, restorer);
		}
		finally {
			counted.servletReturned();
		}
	}

	private void serve(HttpServletRequest request, HttpServletResponse response, Downstream sdk, Restorer restorer)
			throws ServletException, IOException {
		String method = request.getMethod();
		boolean post = "POST".equals(method);
		RecordingRequest recording = post ? new RecordingRequest(request) : null;
		HttpServletRequest sdkRequest = post ? recording : request;
		ErrorRewritingResponse sdkResponse = new ErrorRewritingResponse(response, this.errors, recording);
		try {
			String sessionId = request.getHeader(SESSION_HEADER);
			if (!post && !"GET".equals(method) && !"DELETE".equals(method)) {
				if ("OPTIONS".equals(method) || "HEAD".equals(method)) {
					sdk.serve(sdkRequest, sdkResponse);
				}
				else {
					response.setHeader("Allow", "GET, POST, DELETE");
					sdkResponse.fail(HttpServletResponse.SC_METHOD_NOT_ALLOWED, JsonRpcErrors.INVALID_REQUEST,
							JsonRpcErrors.messageForStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED), false);
				}
				return;
			}
			byte[] bytes = post ? recording.preload(this.sessions.maxRequestBodySize()) : null;
			if (post && bytes == null) {
				sdkResponse.fail(JsonRpcErrors.BODY_TOO_LARGE);
				return;
			}
			// Read once, in one streaming pass: the method, whether it is a client's answer.
			JsonRpcBody body = post ? this.errors.readBody(bytes) : null;
			String owner = owner(request);
			if (sessionId == null) {
				if (!(post && refusedAsNotJsonRpc(body, sdkResponse))) {
					forward(sdk, sdkRequest, sdkResponse, owner, mayStartSession(body));
				}
				return;
			}
			SessionLookup lookup = this.sessions.find(sessionId, owner);
			if (!lookup.isFound()) {
				if (post && bytes.length < RecordingRequest.RECORD_LIMIT && "initialize".equals(body.method())) {
					// A client re-initializing with its old id gets a new session, as from the plain SDK.
					forward(sdk, new SyntheticInitializeRequest(request, bytes, false), sdkResponse, owner, true);
				}
				else {
					reject(sessionId, lookup.rejection(), sdkResponse);
				}
				return;
			}
			McpSessionRecord record = lookup.record();
			if (post && refusedAsNotJsonRpc(body, sdkResponse)) {
				return;
			}
			if (!holdOrRestore(record, request, sdkRequest, sdkResponse, sdk, restorer)) {
				return;
			}
			if ("DELETE".equals(method)) {
				delete(sdk, record, sdkRequest, sdkResponse);
			}
			else if (post && this.routing != null && body.isAnswer() && routedAway(sessionId, bytes, sdkResponse)) {
				// A client's answer to a request another replica sent: that replica gets it through the bus.
				this.lifecycle.touch(record);
			}
			else {
				this.lifecycle.touch(record);
				forward(sdk, sdkRequest, sdkResponse, owner, mayStartSession(body));
			}
		}
		finally {
			sdkResponse.finish();
		}
	}

	/**
	 * Sends a client's answer to the replica waiting for it, answering 202; or 503 if the bus cannot
	 * be reached, so the client sends it again.
	 * @return whether the request is answered here
	 */
	private boolean routedAway(String sessionId, byte[] body, ErrorRewritingResponse response)
			throws IOException {
		try {
			if (!this.routing.routeClientResponse(sessionId, body)) {
				return false;
			}
			response.setStatus(HttpServletResponse.SC_ACCEPTED);
		}
		catch (SessionStoreException ex) {
			logger.warn("Could not pass a client's answer in session {} to the other replicas: {}",
					SessionIds.shortForm(sessionId), ex.getMessage());
			response.fail(JsonRpcErrors.STORE_DOWN);
		}
		return true;
	}

	/**
	 * Answers 400 for a body that is not a JSON-RPC message (or nested too deep), which the SDK would
	 * answer after logging it at ERROR.
	 */
	private static boolean refusedAsNotJsonRpc(JsonRpcBody body, ErrorRewritingResponse response) throws IOException {
		if (body.isMessage()) {
			return false;
		}
		response.fail(JsonRpcErrors.NOT_JSON_RPC);
		return true;
	}

	/** Only an {@code initialize} (or a body not inspected) can make the SDK start a session. */
	private static boolean mayStartSession(JsonRpcBody body) {
		return body != null && (body == JsonRpcBody.UNKNOWN || "initialize".equals(body.method()));
	}

	/**
	 * Passes a request to the SDK. Should it be an {@code initialize}, the new session is bound to
	 * {@code owner}; if its record cannot be saved the client gets no session, and 503 if the store
	 * could not be reached (else 500).
	 */
	private void forward(Downstream sdk, HttpServletRequest sdkRequest, ErrorRewritingResponse sdkResponse, String owner,
			boolean mayStartSession) throws ServletException, IOException {
		if (!mayStartSession) {
			sdk.serve(sdkRequest, sdkResponse);
			return;
		}
		SessionStart start = SessionStart.newSession(owner);
		try (SessionStart.Scope scope = start.bind()) {
			sdk.serve(sdkRequest, sdkResponse);
		}
		if (start.saveFailure() == null) {
			return;
		}
		drop(start.createdId());
		if (start.storeFailure() != null) {
			this.lifecycle.storeFailed(start.createdId());
			sdkResponse.fail(JsonRpcErrors.INIT_STORE_DOWN);
		}
		else {
			logger.error("Saving new session {} failed", SessionIds.shortForm(start.createdId()), start.saveFailure());
			sdkResponse.fail(JsonRpcErrors.SESSION_HANDLING_FAILED);
		}
	}

	private void reject(String sessionId, SessionRejection rejection, ErrorRewritingResponse response) {
		if (rejection == SessionRejection.EXPIRED) {
			drop(sessionId);
			if (this.routing != null) {
				this.routing.sessionEnded(sessionId);
			}
		}
		else if (rejection == SessionRejection.UNKNOWN || rejection == SessionRejection.UNREADABLE_RECORD) {
			// Held here but gone from the store: ended on a replica whose message this one missed.
			drop(sessionId);
		}
		JsonRpcErrors.Refusal refusal = JsonRpcErrors.refusalFor(rejection);
		response.fail(refusal);
	}

	/**
	 * Makes sure the SDK holds the session, rebuilding it from {@code record} if needed.
	 * @return {@code false} if the session could not be rebuilt and the response says so
	 */
	private boolean holdOrRestore(McpSessionRecord record, HttpServletRequest request, HttpServletRequest sdkRequest,
			ErrorRewritingResponse sdkResponse, Downstream sdk, Restorer restorer) throws ServletException, IOException {
		String id = record.id();
		if (holds(id)) {
			return true;
		}
		int[] restoreStatus = { 0 };
		boolean restoredHere = this.lifecycle.restoreOnce(id, () -> holds(id),
				() -> restoreStatus[0] = restorer.restore(record, request, sdkResponse));
		if (holds(id)) {
			if (restoredHere) {
				this.lifecycle.restored(record);
			}
			return true;
		}
		int status = restoreStatus[0];
		if (status >= 400 && status < 500 && status != HttpServletResponse.SC_NOT_FOUND) {
			// The SDK refused the request itself (Host/Origin check, say): let it answer the real one.
			sdk.serve(sdkRequest, sdkResponse);
		}
		else {
			logger.warn("Session {} could not be restored (the SDK answered {})", SessionIds.shortForm(id), status);
			sdkResponse.fail(JsonRpcErrors.RESTORE_FAILED);
		}
		return false;
	}

	/**
	 * Restores by a synthetic {@code initialize} sent to the SDK's own servlet, so the SDK adds the
	 * session to its map through its own code path.
	 */
	Restorer throughServlet(Downstream sdkServlet) {
		return (record, request, response) -> {
			DiscardingResponse discarded = new DiscardingResponse(response);
			try (SessionStart.Scope scope = SessionStart.restore(record).bind()) {
				sdkServlet.serve(new SyntheticInitializeRequest(request,
						initializeBody(record).getBytes(StandardCharsets.UTF_8), true), discarded);
			}
			catch (ServletException | IOException | RuntimeException ex) {
				logger.warn("Restoring session {} failed: {}", SessionIds.shortForm(record.id()), ex.toString());
				return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
			}
			return discarded.getStatus();
		};
	}

	private String initializeBody(McpSessionRecord record) {
		String version;
		try {
			version = this.sessions.jsonMapper().writeValueAsString(record.protocolVersion());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot write a protocol version as JSON", ex);
		}
		return "{\"jsonrpc\":\"2.0\",\"id\":\"mcp-sessions-restore\",\"method\":\"initialize\",\"params\":{"
				+ "\"protocolVersion\":" + version + ",\"capabilities\":" + record.clientCapabilitiesJson()
				+ ",\"clientInfo\":" + record.clientInfoJson() + "}}";
	}

	/**
	 * Ends the session in the store first ({@link PersistentSessions#endByClient}), then lets the SDK
	 * close it here; a store that fails leaves it as it was and answers 503. An SDK that refuses
	 * {@code DELETE} answers itself, and nothing is deleted.
	 */
	private void delete(Downstream sdk, McpSessionRecord record, HttpServletRequest sdkRequest,
			ErrorRewritingResponse sdkResponse) throws ServletException, IOException {
		if (this.sessions.deletesAllowed()) {
			JsonRpcErrors.Refusal refusal = this.sessions.endByClient(record.id());
			if (refusal != null) {
				sdkResponse.fail(refusal);
				return;
			}
		}
		sdk.serve(sdkRequest, sdkResponse);
	}

	private void drop(String sessionId) {
		this.sessions.drop(sessionId);
	}

	private String owner(HttpServletRequest request) {
		return this.ownerResolver != null ? this.ownerResolver.apply(request) : null;
	}

}
