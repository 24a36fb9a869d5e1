package io.github.mcpsessions.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Optional;
import java.util.function.Function;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.internal.sdk.SessionStart;
import io.github.mcpsessions.internal.session.SessionIds;
import io.github.mcpsessions.internal.streams.ResumableStreams;
import io.github.mcpsessions.internal.transport.JsonRpcBody;
import io.github.mcpsessions.internal.transport.JsonRpcErrors;
import io.github.mcpsessions.internal.transport.PersistentSessions;
import io.github.mcpsessions.internal.transport.SessionRequestFlow;
import io.github.mcpsessions.repository.McpSessionRecord;

/**
 * The servlet side of the {@link SessionRequestFlow}: reads a POST body once, asks the flow, and
 * translates its decision into servlet calls, rewriting every error into a JSON-RPC object. The
 * SDK is reached through a {@link Downstream} and sessions are rebuilt through a {@link Restorer},
 * so the same gate serves the decorated servlet and a filter in front of a framework's servlet.
 */
final class SessionGate {

	private static final Logger logger = LoggerFactory.getLogger(SessionGate.class);

	private static final String LAST_EVENT_ID = "Last-Event-ID";

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

	private final SessionRequestFlow flow;

	private final JsonRpcErrors errors;

	private final Function<HttpServletRequest, String> ownerResolver;

	SessionGate(PersistentSessions sessions, Function<HttpServletRequest, String> ownerResolver) {
		this.sessions = sessions;
		this.flow = new SessionRequestFlow(sessions);
		this.errors = sessions.errors();
		this.ownerResolver = ownerResolver;
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
		boolean post = "POST".equals(request.getMethod());
		RecordingRequest recording = post ? new RecordingRequest(request) : null;
		HttpServletRequest sdkRequest = post ? recording : request;
		ErrorRewritingResponse sdkResponse = new ErrorRewritingResponse(response, this.errors, recording);
		try {
			byte[] body = post ? recording.preload(this.sessions.maxRequestBodySize()) : null;
			String owner = owner(request);
			String sessionId = request.getHeader(SessionRequestFlow.SESSION_HEADER);
			SessionRequestFlow.Decision decision = this.flow.decide(request.getMethod(), sessionId, owner, body,
					record -> restorer.restore(record, request, sdkResponse));
			switch (decision.step()) {
				case FORWARD -> forward(sdk, sdkRequest, sdkResponse, sessionId, body, decision.message());
				case END_SESSION -> {
					sdk.serve(sdkRequest, sdkResponse);
					this.flow.ended(sessionId);
				}
				case START_SESSION -> startSession(sdk, sdkRequest, sdkResponse, owner);
				case START_SESSION_WITHOUT_ID ->
					startSession(sdk, new SyntheticInitializeRequest(request, body, false), sdkResponse, owner);
				case ACCEPTED -> sdkResponse.setStatus(HttpServletResponse.SC_ACCEPTED);
				case REFUSE -> {
					if (decision.refusal() == JsonRpcErrors.METHOD_NOT_ALLOWED) {
						response.setHeader("Allow", SessionRequestFlow.ALLOWED_METHODS);
					}
					sdkResponse.fail(decision.refusal());
				}
			}
		}
		finally {
			sdkResponse.finish();
		}
	}

	/**
	 * Hands the request to the SDK; with resumable streams, through a response that stores its SSE
	 * events, or answers a {@code GET} with {@code Last-Event-ID} from the event store.
	 */
	private void forward(Downstream sdk, HttpServletRequest request, ErrorRewritingResponse response, String sessionId,
			byte[] body, JsonRpcBody read) throws ServletException, IOException {
		ResumableStreams streams = this.sessions.streams();
		if (streams == null || sessionId == null) {
			sdk.serve(request, response);
			return;
		}
		if (!"GET".equals(request.getMethod())) {
			JsonRpcBody message = read != null ? read : this.sessions.errors().readBody(body);
			ResumableStreamResponse streamed = ResumableStreamResponse.forRequest(response, streams, sessionId,
					message.id(), this.sessions.pollingCall(message));
			try {
				sdk.serve(request, streamed);
			}
			finally {
				finishedWithResponse(request, streamed);
			}
			return;
		}
		String lastEventId = request.getHeader(LAST_EVENT_ID);
		Optional<EventStore.Replay> replay = lastEventId == null ? Optional.empty() : streams.replay(sessionId, lastEventId);
		if (replay.isEmpty()) {
			ResumableStreamResponse listening = ResumableStreamResponse.listening(response, streams, sessionId);
			sdk.serve(withoutLastEventId(request), listening);
			listening.started();
		}
		else if (ResumableStreams.isListeningStream(replay.get().streamId())) {
			response.setContentType("text/event-stream");
			response.setCharacterEncoding("UTF-8");
			sdk.serve(withoutLastEventId(request),
					ResumableStreamResponse.resuming(response, streams, sessionId, replay.get()));
		}
		else {
			StreamResumption.start(request, response, streams, sessionId, replay.get(), lastEventId);
		}
	}

	/**
	 * The request as the SDK should see it once this class answered {@code Last-Event-ID}: without
	 * it, the SDK opens a listening stream (SDK 2.0 and 2.1 would replay their nothing and leave the
	 * response open without one).
	 */
	private static HttpServletRequest withoutLastEventId(HttpServletRequest request) {
		if (request.getHeader(LAST_EVENT_ID) == null) {
			return request;
		}
		return new HttpServletRequestWrapper(request) {
			@Override
			public String getHeader(String name) {
				return LAST_EVENT_ID.equalsIgnoreCase(name) ? null : super.getHeader(name);
			}

			@Override
			public Enumeration<String> getHeaders(String name) {
				return LAST_EVENT_ID.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
			}

			@Override
			public Enumeration<String> getHeaderNames() {
				return Collections.enumeration(Collections.list(super.getHeaderNames())
					.stream()
					.filter(name -> !LAST_EVENT_ID.equalsIgnoreCase(name))
					.toList());
			}
		};
	}

	/**
	 * Ends the stream's production here when its response is complete: now for the SDK's servlet,
	 * which answers before it returns, or when the asynchronous response completes (Spring WebMvc).
	 */
	private static void finishedWithResponse(HttpServletRequest request, ResumableStreamResponse streamed) {
		if (request.isAsyncStarted() && !streamed.answeredUnprimed()) {
			try {
				request.getAsyncContext().addListener(ServletStreamClients.onEnd(streamed::finished, streamed::finished));
				return;
			}
			catch (IllegalStateException ex) {
				// completed meanwhile
			}
		}
		streamed.finished();
	}

	/**
	 * Passes a request that may start a session to the SDK, binding the new session to
	 * {@code owner}; if its record cannot be saved the client gets no session and the refusal.
	 */
	private void startSession(Downstream sdk, HttpServletRequest sdkRequest, ErrorRewritingResponse sdkResponse,
			String owner) throws ServletException, IOException {
		SessionStart start = SessionStart.newSession(owner);
		try (SessionStart.Scope scope = start.bind()) {
			sdk.serve(sdkRequest, sdkResponse);
		}
		JsonRpcErrors.Refusal refusal = this.flow.afterStart(start);
		if (refusal != null) {
			sdkResponse.fail(refusal);
		}
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

	private String owner(HttpServletRequest request) {
		return this.ownerResolver != null ? this.ownerResolver.apply(request) : null;
	}

}
