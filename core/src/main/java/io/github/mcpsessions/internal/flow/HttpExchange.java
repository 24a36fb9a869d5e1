package io.github.mcpsessions.internal.flow;

import io.github.mcpsessions.internal.jsonrpc.JsonRpcErrors;
import io.github.mcpsessions.internal.sdk.SessionStart;
import io.github.mcpsessions.internal.streams.StreamPlan;

/**
 * One request as an adapter's web stack holds it: the four things the {@link SessionRequestFlow}
 * asks of it, each translated into that stack's HTTP types and nothing decided there.
 *
 * @param <R> what the stack's handling returns ({@code Void} for a servlet, {@code Mono<Void>} for WebFlux)
 */
public interface HttpExchange<R> {

	/** Hands the request to the SDK as {@code handoff} says. */
	R toSdk(SdkHandoff handoff);

	/** Answers a request stream resumed from the event store ({@link StreamPlan#resume}). */
	R resume(StreamPlan stream);

	/** Answers 202 with no body. */
	R accepted();

	/** Answers the refusal: its status, a JSON-RPC error body with the request's id, {@code Retry-After} and {@code Allow} as it says. */
	R refuse(JsonRpcErrors.Refusal refusal);

	/**
	 * How a request goes to the SDK: as it came, through a resumable stream, as a session start
	 * (perhaps without its stale session id), or as the end of a session. An adapter applies each part
	 * in its own HTTP types: the headers to leave out, the stream to write through, the start to bind
	 * while the SDK handles the request, and what to call once it responded.
	 */
	final class SdkHandoff {

		static final SdkHandoff AS_IS = new SdkHandoff(null, false, null, null, null);

		private final StreamPlan stream;

		private final boolean withoutSessionId;

		private final SessionStart start;

		private final SessionRequestFlow flow;

		private final String endedSessionId;

		private SdkHandoff(StreamPlan stream, boolean withoutSessionId, SessionStart start, SessionRequestFlow flow,
				String endedSessionId) {
			this.stream = stream;
			this.withoutSessionId = withoutSessionId;
			this.start = start;
			this.flow = flow;
			this.endedSessionId = endedSessionId;
		}

		static SdkHandoff streamed(StreamPlan stream) {
			return new SdkHandoff(stream, false, null, null, null);
		}

		static SdkHandoff sessionStart(SessionStart start, boolean withoutSessionId, SessionRequestFlow flow) {
			return new SdkHandoff(null, withoutSessionId, start, flow, null);
		}

		static SdkHandoff sessionEnd(String sessionId, SessionRequestFlow flow) {
			return new SdkHandoff(null, false, null, flow, sessionId);
		}

		/** The stream the SDK's response goes through, or {@code null}: the response as the SDK writes it. */
		public StreamPlan stream() {
			return this.stream;
		}

		/** Whether the SDK must not see the {@code Mcp-Session-Id} header (a re-initialize under a stale id). */
		public boolean withoutSessionId() {
			return this.withoutSessionId;
		}

		/**
		 * Whether the SDK must not see {@code Last-Event-ID}: this library answered it (a listening
		 * stream, new or resumed), and SDK 2.0 and 2.1 would replay their nothing and leave the response
		 * open without a stream.
		 */
		public boolean withoutLastEventId() {
			return this.stream != null && this.stream.kind() != StreamPlan.Kind.REQUEST;
		}

		/** Whether the request may start a session: bind {@link #bindStart()} around the SDK's handling. */
		public boolean startsSession() {
			return this.start != null;
		}

		/** Binds the session start to this thread while the SDK handles the request, so a new session learns its owner. */
		public SessionStart.Scope bindStart() {
			return this.start.bind();
		}

		/**
		 * After the SDK handled a session start: {@code null} if no session was started or its record
		 * was saved, else the refusal to answer with instead (the session was dropped: the client must
		 * not get it).
		 */
		public JsonRpcErrors.Refusal startRefusal() {
			return this.start == null ? null : this.flow.afterStart(this.start);
		}

		/** Whether {@link #startRefusal()} has an answer: the new session's record could not be saved. */
		public boolean startFailed() {
			return this.start != null && this.start.saveFailure() != null;
		}

		/** Once the SDK's response is complete: a session the client ended leaves the SDK here. */
		public void responded() {
			if (this.endedSessionId != null) {
				this.flow.ended(this.endedSessionId);
			}
		}

	}

}
