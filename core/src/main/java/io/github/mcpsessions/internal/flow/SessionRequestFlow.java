package io.github.mcpsessions.internal.flow;

import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.internal.access.SessionAccess;
import io.github.mcpsessions.internal.flow.HttpExchange.SdkHandoff;
import io.github.mcpsessions.internal.jsonrpc.JsonRpcBody;
import io.github.mcpsessions.internal.jsonrpc.JsonRpcErrors;
import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.internal.lifecycle.SessionLookup;
import io.github.mcpsessions.internal.replicas.ReplicaRouting;
import io.github.mcpsessions.internal.sdk.SessionStart;
import io.github.mcpsessions.internal.streams.ResumableStreams;
import io.github.mcpsessions.internal.streams.StreamPlan;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionStoreException;

/**
 * What happens to a request on the MCP endpoint before the SDK sees it, whatever serves HTTP: the
 * method, the body's shape, the session id, the store, the owner, expiry, restore under the
 * original id, routing of client answers to other replicas, {@code DELETE}, and with resumable
 * streams the stream plan. It decides once per request ({@link Decision}) and carries the decision
 * out on the adapter's {@link HttpExchange}, the only place that tells decisions apart: adapters
 * read the request's parts, call {@link #serve}, and translate the exchange's four calls into their
 * HTTP types, so every adapter has the same rules and limits.
 */
public final class SessionRequestFlow {

	private static final Logger logger = LoggerFactory.getLogger(SessionRequestFlow.class);

	/** The header that carries a session's id. */
	public static final String SESSION_HEADER = "Mcp-Session-Id";

	/** The header a client resumes a stream with. */
	public static final String LAST_EVENT_ID = "Last-Event-ID";

	/** Largest body of a re-initialize under an old id the adapters replay to the SDK as a new request. */
	public static final int REINITIALIZE_LIMIT = 64 * 1024;

	private static final JsonRpcBody NO_BODY = new JsonRpcBody(false, null, false);

	private final SessionAccess sessions;

	private final JsonRpcBody.Reader bodies;

	private final ReplicaRouting routing;

	private final ResumableStreams streams;

	private final Supplier<Readiness> readiness;

	/**
	 * @param routing the routing between replicas, or {@code null} without a message bus
	 * @param streams the resumable streams, or {@code null} without an event store
	 * @param readiness whether the stores and the bus can serve; requests are refused 503 while not
	 */
	public SessionRequestFlow(SessionAccess sessions, JsonRpcBody.Reader bodies, ReplicaRouting routing,
			ResumableStreams streams, Supplier<Readiness> readiness) {
		this.sessions = sessions;
		this.readiness = readiness;
		this.bodies = bodies;
		this.routing = routing;
		this.streams = streams;
	}

	/**
	 * Serves one request. Blocks on the store (at most one lookup, one restore, one touch).
	 * @param method the HTTP method
	 * @param sessionId the {@code Mcp-Session-Id} header, or {@code null}
	 * @param owner who sends the request, or {@code null} for anonymous
	 * @param body a POST's whole body, {@code null} if it was larger than the adapter reads
	 * @param lastEventId the {@code Last-Event-ID} header, or {@code null}
	 * @return what the exchange returned for the one call made on it
	 */
	public <R> R serve(String method, String sessionId, String owner, byte[] body, String lastEventId,
			HttpExchange<R> exchange) {
		Decision decision = decide(method, sessionId, owner, body, lastEventId);
		return switch (decision.step()) {
			case FORWARD -> exchange.toSdk(decision.stream() == null ? SdkHandoff.AS_IS : SdkHandoff.streamed(decision.stream()));
			case START_SESSION -> exchange.toSdk(SdkHandoff.sessionStart(SessionStart.newSession(owner), false, this));
			case START_SESSION_WITHOUT_ID ->
				exchange.toSdk(SdkHandoff.sessionStart(SessionStart.newSession(owner), true, this));
			case END_SESSION -> exchange.toSdk(SdkHandoff.sessionEnd(sessionId, this));
			case RESUME -> exchange.resume(decision.stream());
			case ACCEPTED -> exchange.accepted();
			case REFUSE -> exchange.refuse(decision.refusal());
		};
	}

	/**
	 * Decides one request. May call the store and restore the session (at most once); when the step
	 * is {@link Decision.Step#FORWARD} the session, if any, is held by the SDK here and its use recorded.
	 * @param method the HTTP method
	 * @param sessionId the {@code Mcp-Session-Id} header, or {@code null}
	 * @param owner who sends the request, or {@code null} for anonymous
	 * @param body a POST's whole body, {@code null} if it was larger than the adapter reads; ignored otherwise
	 * @param lastEventId the {@code Last-Event-ID} header, or {@code null}
	 */
	Decision decide(String method, String sessionId, String owner, byte[] body, String lastEventId) {
		boolean post = "POST".equals(method);
		boolean get = "GET".equals(method);
		if (!post && !get && !"DELETE".equals(method)) {
			return "OPTIONS".equals(method) || "HEAD".equals(method) ? forward(method, sessionId, NO_BODY, lastEventId)
					: Decision.refuse(JsonRpcErrors.METHOD_NOT_ALLOWED);
		}
		if (!this.readiness.get().ready()) {
			return Decision.refuse(JsonRpcErrors.NOT_READY);
		}
		if (post && body == null) {
			return Decision.refuse(JsonRpcErrors.BODY_TOO_LARGE);
		}
		// Read once, in one streaming pass: the method, whether it is a client's answer.
		JsonRpcBody message = post ? this.bodies.read(body) : NO_BODY;
		if (sessionId == null) {
			if (post && !message.isMessage()) {
				// The SDK would log the client's mistake at ERROR.
				return Decision.refuse(JsonRpcErrors.NOT_JSON_RPC);
			}
			return "initialize".equals(message.method()) ? Decision.START_SESSION : Decision.FORWARD;
		}
		SessionLookup lookup = this.sessions.find(sessionId, owner);
		if (!lookup.isFound()) {
			if (post && body.length < REINITIALIZE_LIMIT && "initialize".equals(message.method())) {
				// A client re-initializing with its old id gets a new session, as from the plain SDK.
				return Decision.START_SESSION_WITHOUT_ID;
			}
			return Decision.refuse(JsonRpcErrors.refusalFor(lookup.rejection()));
		}
		if (post && !message.isMessage()) {
			return Decision.refuse(JsonRpcErrors.NOT_JSON_RPC);
		}
		McpSessionRecord record = lookup.record();
		if (!this.sessions.hold(record)) {
			return Decision.refuse(JsonRpcErrors.RESTORE_FAILED);
		}
		if (!get && !post) {
			return delete(sessionId);
		}
		this.sessions.touch(record);
		if (post && this.routing != null && message.isAnswer()) {
			Decision routed = routeAway(sessionId, body);
			if (routed != null) {
				return routed;
			}
		}
		return "initialize".equals(message.method()) ? Decision.START_SESSION
				: forward(method, sessionId, message, lastEventId);
	}

	/** Forwards to the SDK; with resumable streams and a session, through the stream the plan says. */
	private Decision forward(String method, String sessionId, JsonRpcBody message, String lastEventId) {
		if (this.streams == null || sessionId == null) {
			return Decision.FORWARD;
		}
		if (!"GET".equals(method)) {
			return Decision.forward(StreamPlan.request(this.streams, sessionId, message.id(), polls(message)));
		}
		Optional<EventStore.Replay> replay = lastEventId == null ? Optional.empty()
				: this.streams.replay(sessionId, lastEventId);
		return Decision.forward(StreamPlan.get(this.streams, sessionId, replay.orElse(null), lastEventId));
	}

	/** Whether a POST message calls a tool answered in polling mode (see {@code pollingTools}). */
	private boolean polls(JsonRpcBody message) {
		return this.streams.polls() && "tools/call".equals(message.method()) && this.streams.polls(message.paramsName());
	}

	/**
	 * What to answer after the SDK served a {@link Decision.Step#START_SESSION} request: {@code null}
	 * if no session was started or its record was saved, else the refusal (503 if the store could
	 * not be reached, 500 otherwise) after dropping the session the client must not get.
	 */
	JsonRpcErrors.Refusal afterStart(SessionStart start) {
		if (start.saveFailure() == null) {
			return null;
		}
		this.sessions.drop(start.createdId());
		if (start.storeFailure() != null) {
			this.sessions.storeFailed(start.createdId());
			return JsonRpcErrors.INIT_STORE_DOWN;
		}
		logger.error("Saving new session {} failed", SessionIds.shortForm(start.createdId()), start.saveFailure());
		return JsonRpcErrors.SESSION_HANDLING_FAILED;
	}

	/**
	 * Ends the session in the store first ({@link SessionAccess#endByClient}); the SDK closes it
	 * here once the record is gone. A store that fails leaves both as they were. An SDK that refuses
	 * {@code DELETE} answers itself, and nothing is deleted.
	 */
	private Decision delete(String sessionId) {
		if (!this.sessions.deletesAllowed()) {
			return Decision.FORWARD;
		}
		JsonRpcErrors.Refusal refusal = this.sessions.endByClient(sessionId);
		return refusal != null ? Decision.refuse(refusal) : Decision.END_SESSION;
	}

	/** After the SDK served an {@link Decision.Step#END_SESSION}: the session leaves the SDK here, if it is still there. */
	void ended(String sessionId) {
		this.sessions.drop(sessionId);
	}

	/**
	 * Sends a client's answer to the replica waiting for it (202); 503 if the bus cannot be reached,
	 * so the client sends it again.
	 * @return {@code null} if no other replica waits for it
	 */
	private Decision routeAway(String sessionId, byte[] body) {
		try {
			return this.routing.routeClientResponse(sessionId, body) ? Decision.ACCEPTED : null;
		}
		catch (SessionStoreException ex) {
			logger.warn("Could not pass a client's answer in session {} to the other replicas: {}",
					SessionIds.shortForm(sessionId), ex.getMessage());
			return Decision.refuse(JsonRpcErrors.STORE_DOWN);
		}
	}

	/**
	 * What the flow decided for one request: a step, for {@link Decision.Step#REFUSE} the
	 * refusal, and with resumable streams the stream plan.
	 */
	public record Decision(Step step, JsonRpcErrors.Refusal refusal, StreamPlan stream) {

		static final Decision FORWARD = new Decision(Step.FORWARD, null, null);

		static final Decision START_SESSION = new Decision(Step.START_SESSION, null, null);

		static final Decision START_SESSION_WITHOUT_ID = new Decision(Step.START_SESSION_WITHOUT_ID, null, null);

		static final Decision ACCEPTED = new Decision(Step.ACCEPTED, null, null);

		static final Decision END_SESSION = new Decision(Step.END_SESSION, null, null);

		/** What is done with the request. */
		public enum Step {

			/** Hand the request to the SDK, through the stream plan if there is one. */
			FORWARD,

			/** Hand it to the SDK with a session start bound: it may start a session (an {@code initialize}). */
			START_SESSION,

			/**
			 * An {@code initialize} under an id no longer valid: hand it to the SDK as a new session's
			 * start, without the old {@code Mcp-Session-Id}, as the plain SDK treats it.
			 */
			START_SESSION_WITHOUT_ID,

			/**
			 * A {@code DELETE} whose record is gone: hand it to the SDK, which closes the session, then
			 * drop it here (not every SDK provider takes the session out of its map when it answers).
			 */
			END_SESSION,

			/** Answer a resumed request stream from the event store ({@link StreamPlan.Kind#RESUMED_REQUEST}). */
			RESUME,

			/** Answer with {@link Decision#refusal()}: a JSON-RPC error body, the request id of the body. */
			REFUSE,

			/** Answer 202 with no body: the client's answer went to the replica waiting for it. */
			ACCEPTED

		}

		static Decision forward(StreamPlan stream) {
			if (stream == null) {
				return FORWARD;
			}
			return new Decision(stream.sdkWrites() ? Step.FORWARD : Step.RESUME, null, stream);
		}

		static Decision refuse(JsonRpcErrors.Refusal refusal) {
			return new Decision(Step.REFUSE, refusal, null);
		}

	}

}
