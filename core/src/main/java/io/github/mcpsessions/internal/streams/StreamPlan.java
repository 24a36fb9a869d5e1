package io.github.mcpsessions.internal.streams;

import java.util.List;
import java.util.function.Consumer;

import io.github.mcpsessions.events.EventStore;

/**
 * How one request's SSE stream is served once an event store makes streams resumable, decided with
 * the request: a POST's response stream, a new listening stream, a listening stream resumed after
 * a {@code Last-Event-ID}, or a request's stream resumed from the store. Adapters only open it in
 * their own HTTP types: {@link #open} for the three the SDK writes, {@link #resume} for the one
 * answered from the store alone.
 *
 * @param requestId the JSON text of the request's id ({@link Kind#REQUEST}), else {@code null}
 * @param replay what the client missed ({@link Kind#RESUMED_LISTENING}, {@link Kind#RESUMED_REQUEST})
 * @param lastEventId the last event the client saw ({@link Kind#RESUMED_REQUEST})
 */
public record StreamPlan(Kind kind, ResumableStreams streams, String sessionId, String requestId, boolean polling,
		EventStore.Replay replay, String lastEventId) {

	/** Which stream. */
	public enum Kind {

		/** A POST request's response stream, written by the SDK. */
		REQUEST,

		/** A new listening ({@code GET}) stream, written by the SDK. */
		LISTENING,

		/** A listening stream a client resumed: what it missed, then the SDK's new events under the same id. */
		RESUMED_LISTENING,

		/** A request's stream a client resumed: what it missed, then the rest live, from the store; no SDK. */
		RESUMED_REQUEST

	}

	/** A POST's response stream. */
	public static StreamPlan request(ResumableStreams streams, String sessionId, String requestId, boolean polling) {
		return new StreamPlan(Kind.REQUEST, streams, sessionId, requestId, polling, null, null);
	}

	/**
	 * A {@code GET}: a new listening stream if {@code replay} is {@code null}, else the stream the
	 * replay belongs to, resumed.
	 */
	public static StreamPlan get(ResumableStreams streams, String sessionId, EventStore.Replay replay,
			String lastEventId) {
		if (replay == null) {
			return new StreamPlan(Kind.LISTENING, streams, sessionId, null, false, null, null);
		}
		Kind kind = ResumableStreams.isListeningStream(replay.streamId()) ? Kind.RESUMED_LISTENING : Kind.RESUMED_REQUEST;
		return new StreamPlan(kind, streams, sessionId, null, false, replay, lastEventId);
	}

	/**
	 * Whether the stream's production ends with its request's response ({@link Kind#REQUEST}); a
	 * listening stream's goes on until the client leaves.
	 */
	public boolean endsWithResponse() {
		return this.kind == Kind.REQUEST;
	}

	/**
	 * Whether the SDK may write nothing until it has a message ({@link Kind#LISTENING}: SDK 2.0 and
	 * 2.1, and Spring's WebMvc transport), so the adapter primes the stream once the SDK set it up.
	 */
	public boolean primedBySdkSetUp() {
		return this.kind == Kind.LISTENING;
	}

	/**
	 * Whether the SDK's events continue a stream the client already has ({@link Kind#RESUMED_LISTENING}):
	 * the response is an event stream from its first byte, the replay, before the SDK says so.
	 */
	public boolean continuesStream() {
		return this.kind == Kind.RESUMED_LISTENING;
	}

	/** Whether the SDK writes this stream (all but {@link Kind#RESUMED_REQUEST}). */
	public boolean sdkWrites() {
		return this.kind != Kind.RESUMED_REQUEST;
	}

	/** The resumable stream the SDK's SSE text goes through, sending to {@code client}. */
	public ResumableStream open(ResumableStream.Client client) {
		return switch (this.kind) {
			case REQUEST -> new ResumableStream(this.streams, this.sessionId, ResumableStream.Kind.REQUEST, this.requestId,
					null, this.polling, List.of(), client);
			case LISTENING -> new ResumableStream(this.streams, this.sessionId, ResumableStream.Kind.LISTENING, null, null,
					false, List.of(), client);
			case RESUMED_LISTENING -> new ResumableStream(this.streams, this.sessionId,
					ResumableStream.Kind.RESUMED_LISTENING, null, this.replay.streamId(), false, this.replay.events(), client);
			case RESUMED_REQUEST -> throw new IllegalStateException("A resumed request stream is not written by the SDK");
		};
	}

	/**
	 * Sends {@code client} what it missed of a request's stream, then the stream's new events as they
	 * are stored, until the request's answer; {@code onStop} gets what stops it (the client left).
	 */
	public void resume(ResumableStream.Client client, Consumer<Runnable> onStop) {
		RequestStreamResumption resumption = new RequestStreamResumption(this.streams, this.sessionId, client);
		onStop.accept(resumption::stop);
		resumption.start(this.replay, this.lastEventId);
	}

}
