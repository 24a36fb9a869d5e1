package io.github.mcpsessions.internal.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.internal.messaging.ReplicaRouting;
import io.github.mcpsessions.internal.sdk.SessionStart;
import io.github.mcpsessions.internal.session.SessionIds;
import io.github.mcpsessions.internal.session.SessionLifecycle;
import io.github.mcpsessions.internal.session.SessionLookup;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.session.SessionRejection;

/**
 * What happens to a request on the MCP endpoint before the SDK sees it, whatever serves HTTP: the
 * method, the body's shape, the session id, the store, the owner, expiry, restore under the
 * original id, routing of client answers to other replicas, and {@code DELETE}. It answers a
 * {@link Decision} that each adapter (servlet provider, servlet filter, WebFlux filter) only
 * translates into its own HTTP types, so every adapter has the same rules and limits.
 */
public final class SessionRequestFlow {

	private static final Logger logger = LoggerFactory.getLogger(SessionRequestFlow.class);

	/** The header that carries a session's id. */
	public static final String SESSION_HEADER = "Mcp-Session-Id";

	/** What an adapter answers {@code Allow} with when it refuses a method. */
	public static final String ALLOWED_METHODS = "GET, POST, DELETE";

	/** Largest body of a re-initialize under an old id the adapters replay to the SDK as a new request. */
	public static final int REINITIALIZE_LIMIT = 64 * 1024;

	/** What the adapter does with the request. */
	public enum Step {

		/** Hand the request to the SDK as it is. */
		FORWARD,

		/** Hand it to the SDK with {@link SessionStart} bound: it may start a session (an {@code initialize}). */
		START_SESSION,

		/**
		 * An {@code initialize} under an id no longer valid: hand it to the SDK as a new session's
		 * start, without the old {@code Mcp-Session-Id}, as the plain SDK treats it.
		 */
		START_SESSION_WITHOUT_ID,

		/**
		 * A {@code DELETE} whose record is gone: hand it to the SDK, which closes the session, then
		 * call {@link SessionRequestFlow#ended} (not every SDK provider takes the session out of its
		 * map when it answers).
		 */
		END_SESSION,

		/** Answer with {@link Decision#refusal()}: a JSON-RPC error body, the request id of the body. */
		REFUSE,

		/** Answer 202 with no body: the client's answer went to the replica waiting for it. */
		ACCEPTED

	}

	/**
	 * The outcome for one request: a step, for {@link Step#REFUSE} the refusal, and for a POST
	 * forwarded what its body is (read once here).
	 */
	public record Decision(Step step, JsonRpcErrors.Refusal refusal, JsonRpcBody message) {

		static final Decision FORWARD = new Decision(Step.FORWARD, null, null);

		static final Decision START_SESSION = new Decision(Step.START_SESSION, null, null);

		static final Decision START_SESSION_WITHOUT_ID = new Decision(Step.START_SESSION_WITHOUT_ID, null, null);

		static final Decision ACCEPTED = new Decision(Step.ACCEPTED, null, null);

		static final Decision END_SESSION = new Decision(Step.END_SESSION, null, null);

		/** Forwards a POST whose body was read as {@code message}, so the adapter need not read it again. */
		static Decision forward(JsonRpcBody message) {
			return message == null ? FORWARD : new Decision(Step.FORWARD, null, message);
		}

		static Decision refuse(JsonRpcErrors.Refusal refusal) {
			return new Decision(Step.REFUSE, refusal, null);
		}

	}

	/**
	 * How an adapter rebuilds a session the SDK does not hold: through a synthetic request to the
	 * SDK's own servlet, or straight through the session factory. Answers the HTTP status the SDK
	 * gave, 200 when it went through.
	 */
	@FunctionalInterface
	public interface Restorer {

		int restore(McpSessionRecord record);

	}

	private final PersistentSessions sessions;

	private final SessionLifecycle lifecycle;

	private final JsonRpcErrors errors;

	private final ReplicaRouting routing;

	public SessionRequestFlow(PersistentSessions sessions) {
		this.sessions = sessions;
		this.lifecycle = sessions.lifecycle();
		this.errors = sessions.errors();
		this.routing = sessions.routing();
	}

	/**
	 * Decides one request. May call the store and {@code restorer} (at most once); when the step is
	 * {@link Step#FORWARD} the session, if any, is held by the SDK here and its use recorded.
	 * @param method the HTTP method
	 * @param sessionId the {@code Mcp-Session-Id} header, or {@code null}
	 * @param owner who sends the request, or {@code null} for anonymous
	 * @param body a POST's whole body, {@code null} if it was larger than the adapter reads; ignored otherwise
	 */
	public Decision decide(String method, String sessionId, String owner, byte[] body, Restorer restorer) {
		boolean post = "POST".equals(method);
		if (!post && !"GET".equals(method) && !"DELETE".equals(method)) {
			return "OPTIONS".equals(method) || "HEAD".equals(method) ? Decision.FORWARD
					: Decision.refuse(JsonRpcErrors.METHOD_NOT_ALLOWED);
		}
		if (post && body == null) {
			return Decision.refuse(JsonRpcErrors.BODY_TOO_LARGE);
		}
		// Read once, in one streaming pass: the method, whether it is a client's answer.
		JsonRpcBody message = post ? this.errors.readBody(body) : null;
		if (sessionId == null) {
			if (post && !message.isMessage()) {
				// The SDK would log the client's mistake at ERROR.
				return Decision.refuse(JsonRpcErrors.NOT_JSON_RPC);
			}
			return post && "initialize".equals(message.method()) ? Decision.START_SESSION : Decision.forward(message);
		}
		SessionLookup lookup = this.sessions.find(sessionId, owner);
		if (!lookup.isFound()) {
			if (post && body.length < REINITIALIZE_LIMIT && "initialize".equals(message.method())) {
				// A client re-initializing with its old id gets a new session, as from the plain SDK.
				return Decision.START_SESSION_WITHOUT_ID;
			}
			return reject(sessionId, lookup.rejection());
		}
		if (post && !message.isMessage()) {
			return Decision.refuse(JsonRpcErrors.NOT_JSON_RPC);
		}
		McpSessionRecord record = lookup.record();
		Decision restore = holdOrRestore(record, restorer);
		if (restore != null) {
			return restore;
		}
		if ("DELETE".equals(method)) {
			return delete(sessionId);
		}
		this.lifecycle.touch(record);
		if (post && this.routing != null && message.isAnswer()) {
			Decision routed = routeAway(sessionId, body);
			if (routed != null) {
				return routed;
			}
		}
		return post && "initialize".equals(message.method()) ? Decision.START_SESSION : Decision.forward(message);
	}

	/**
	 * What to answer after the SDK served a {@link Step#START_SESSION} request: {@code null} if no
	 * session was started or its record was saved, else the refusal (503 if the store could not be
	 * reached, 500 otherwise) after dropping the session the client must not get.
	 */
	public JsonRpcErrors.Refusal afterStart(SessionStart start) {
		if (start.saveFailure() == null) {
			return null;
		}
		this.sessions.drop(start.createdId());
		if (start.storeFailure() != null) {
			this.lifecycle.storeFailed(start.createdId());
			return JsonRpcErrors.INIT_STORE_DOWN;
		}
		logger.error("Saving new session {} failed", SessionIds.shortForm(start.createdId()), start.saveFailure());
		return JsonRpcErrors.SESSION_HANDLING_FAILED;
	}

	private Decision reject(String sessionId, SessionRejection rejection) {
		if (rejection == SessionRejection.EXPIRED) {
			this.sessions.drop(sessionId);
			if (this.routing != null) {
				this.routing.sessionEnded(sessionId);
			}
		}
		else if (rejection == SessionRejection.UNKNOWN || rejection == SessionRejection.UNREADABLE_RECORD) {
			// Held here but gone from the store: ended on a replica whose message this one missed.
			this.sessions.drop(sessionId);
		}
		return Decision.refuse(JsonRpcErrors.refusalFor(rejection));
	}

	/**
	 * Makes sure the SDK holds the session, rebuilding it from {@code record} if needed.
	 * @return {@code null} if it holds it now, else what to answer
	 */
	private Decision holdOrRestore(McpSessionRecord record, Restorer restorer) {
		String id = record.id();
		if (this.sessions.holds(id)) {
			return null;
		}
		int[] status = { 0 };
		boolean restoredHere = this.lifecycle.restoreOnce(id, () -> this.sessions.holds(id),
				() -> status[0] = restorer.restore(record));
		if (this.sessions.holds(id)) {
			if (restoredHere) {
				this.lifecycle.restored(record);
			}
			return null;
		}
		if (status[0] >= 400 && status[0] < 500 && status[0] != 404) {
			// The SDK refused the request itself (a Host or Origin check, say): let it answer the real one.
			return Decision.FORWARD;
		}
		logger.warn("Session {} could not be restored (the SDK answered {})", SessionIds.shortForm(id), status[0]);
		return Decision.refuse(JsonRpcErrors.RESTORE_FAILED);
	}

	/**
	 * Ends the session in the store first ({@link PersistentSessions#endByClient}); the SDK closes it
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

	/** After the SDK served an {@link Step#END_SESSION}: the session leaves the SDK here, if it is still there. */
	public void ended(String sessionId) {
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

}
