package io.github.mcpsessions.internal.streams;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.events.EventStore.StoredEvent;
import io.github.mcpsessions.internal.lifecycle.SessionIds;

/**
 * One SSE stream the SDK writes, made resumable, whatever the web stack: it splits the SDK's text
 * into events, sends a priming event (an id, the {@code retry} field, empty data) first, and
 * stores each event before the client gets it under an id of the event store instead of the
 * SDK's. In polling mode the client's stream ends after the priming event while the SDK goes on
 * writing into the store; a client whose connection broke is dropped the same way, so the call
 * goes on and its result is there when the client resumes.
 *
 * <p>A request's stream is primed once it has something to send before its answer, or once the
 * priming delay has passed; an answer that comes first is sent as the SDK wrote it, without an id,
 * and nothing is stored (no client can resume a stream it holds no id of).
 */
public final class ResumableStream {

	/** Where the client's part of the stream goes. */
	public interface Client {

		/** Sends {@code text} on to the client at once; may throw if the client is gone. */
		void send(String text);

		/** Ends the client's response (polling mode); the stream goes on into the store. */
		void end();

	}

	/** What kind of stream this is. */
	public enum Kind {

		/** A POST request's response stream. */
		REQUEST,

		/** A new listening ({@code GET}) stream. */
		LISTENING,

		/** A listening stream a client resumed: the events it missed, then the SDK's, no new priming. */
		RESUMED_LISTENING

	}

	private static final Logger logger = LoggerFactory.getLogger(ResumableStream.class);

	private final ResumableStreams streams;

	private final String sessionId;

	private final String requestId;

	private String streamId;

	private final Kind kind;

	private final boolean polling;

	private final Client client;

	private final StringBuilder pending = new StringBuilder();

	private int scanned;

	private boolean primed;

	private boolean answeredUnprimed;

	private boolean primingRequested;

	private boolean detached;

	private boolean ended;

	/**
	 * @param requestId the JSON text of the request's id ({@link Kind#REQUEST}), else {@code null}
	 * @param streamId the resumed stream's id ({@link Kind#RESUMED_LISTENING}), else {@code null}: a
	 * new stream gets its id when it is primed (an answer sent unprimed needs none)
	 * @param replay what a resumed stream's client missed, sent first
	 */
	public ResumableStream(ResumableStreams streams, String sessionId, Kind kind, String requestId, String streamId,
			boolean polling, List<StoredEvent> replay, Client client) {
		this.streams = streams;
		this.sessionId = sessionId;
		this.kind = kind;
		this.polling = polling;
		this.client = client;
		this.requestId = requestId;
		this.streamId = streamId;
		this.primed = kind == Kind.RESUMED_LISTENING;
		for (StoredEvent event : replay) {
			if (!event.data().isEmpty()) {
				send(ResumableStreams.sseEvent(event.id(), "message", event.data()));
			}
		}
	}

	/** Takes SSE text as the SDK writes it; complete events are stored and sent. */
	public void write(CharSequence text) {
		write(text, 0, text.length());
	}

	/** Takes the SSE text from {@code start} to {@code end} of {@code text}; complete events are stored and sent. */
	public synchronized void write(CharSequence text, int start, int end) {
		this.pending.append(text, start, end);
		takeEvents();
	}

	/** Takes SSE text as the SDK writes it, as characters; complete events are stored and sent. */
	public synchronized void write(char[] text, int offset, int length) {
		this.pending.append(text, offset, length);
		takeEvents();
	}

	private void takeEvents() {
		int end;
		while ((end = this.pending.indexOf("\n\n", this.scanned)) >= 0) {
			String frame = this.pending.substring(0, end);
			this.pending.delete(0, end + 2);
			this.scanned = 0;
			event(frame);
		}
		this.scanned = Math.max(0, this.pending.length() - 1);
	}

	/** The SDK flushed: the stream has started, so it is primed now or after the delay. */
	public synchronized void flush() {
		if (this.primed || this.answeredUnprimed || this.primingRequested) {
			return;
		}
		Duration delay = this.streams.primingDelay();
		if (this.kind != Kind.REQUEST || this.polling || delay.isZero()) {
			prime();
		}
		else {
			this.primingRequested = true;
			this.streams.primeAfterDelay(this::primeLate);
		}
	}

	/** Whether the answer went out before the stream was primed: the stream has ended, and nothing of it was stored. */
	public synchronized boolean answeredUnprimed() {
		return this.answeredUnprimed;
	}

	/** The SDK is done with the stream here. */
	public synchronized void finished() {
		this.ended = true;
		if (this.streamId != null) {
			this.streams.finished(this.streamId);
		}
	}

	private synchronized void primeLate() {
		if (!this.answeredUnprimed && !this.ended) {
			prime();
		}
	}

	private void prime() {
		if (this.primed) {
			return;
		}
		this.primed = true;
		this.streamId = this.streams.newStreamId(this.kind == Kind.LISTENING, this.requestId);
		if (this.kind == Kind.REQUEST) {
			this.streams.started(this.streamId);
		}
		String id;
		try {
			id = this.streams.append(this.sessionId, this.streamId, "");
		}
		catch (RuntimeException ex) {
			logger.warn("An SSE stream of session {} is not resumable: its events could not be stored: {}",
					SessionIds.shortForm(this.sessionId), ex.toString());
			return;
		}
		send("id: " + id + "\nretry: " + this.streams.retry().toMillis() + "\ndata: \n\n");
		if (this.polling) {
			detach(true);
		}
	}

	private void event(String frame) {
		String type = "message";
		String text = null;
		int start = 0;
		while (start <= frame.length()) {
			int end = frame.indexOf('\n', start);
			end = end < 0 ? frame.length() : end;
			if (frame.startsWith("data:", start)) {
				int from = start + "data:".length();
				from = from < end && frame.charAt(from) == ' ' ? from + 1 : from;
				String value = frame.substring(from, end);
				text = text == null ? value : text + "\n" + value;
			}
			else if (frame.startsWith("event:", start)) {
				type = frame.substring(start + "event:".length(), end).strip();
			}
			start = end + 1;
		}
		if (text == null) {
			send(frame + "\n\n");
			return;
		}
		if (!this.primed && this.kind == Kind.REQUEST && !this.polling && this.streams.isAnswer(text)) {
			this.answeredUnprimed = true;
			send("event: " + type + "\ndata: " + text.replace("\n", "\ndata: ") + "\n\n");
			return;
		}
		prime();
		String id;
		try {
			id = this.streams.append(this.sessionId, this.streamId, text);
		}
		catch (RuntimeException ex) {
			logger.warn("An SSE event of session {} was sent but not stored, so it cannot be replayed: {}",
					SessionIds.shortForm(this.sessionId), ex.toString());
			send(frame + "\n\n");
			return;
		}
		send(ResumableStreams.sseEvent(id, type, text));
	}

	private void send(String text) {
		if (this.detached) {
			return;
		}
		try {
			this.client.send(text);
		}
		catch (RuntimeException ex) {
			detach(false);
		}
	}

	/** The client is no longer written to; the SDK's writes still go into the store. */
	private void detach(boolean endResponse) {
		this.detached = true;
		if (endResponse) {
			try {
				this.client.end();
			}
			catch (RuntimeException ex) {
				// the client is gone already
			}
		}
	}

}
