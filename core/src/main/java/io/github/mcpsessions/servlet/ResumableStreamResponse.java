package io.github.mcpsessions.servlet;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.internal.session.SessionIds;
import io.github.mcpsessions.internal.streams.ResumableStreams;

/**
 * Makes the SSE stream the SDK writes resumable: a priming event (an id, the {@code retry} field,
 * empty data) first, then each event stored before it is written, under an id of the event store
 * instead of the SDK's. In polling mode the client's stream ends after the priming event while
 * the SDK goes on writing into the store. The SDK keeps a writer that never fails, so a call goes
 * on when the client's connection breaks, and its result is there when the client resumes.
 *
 * <p>A request's stream is primed once it has something to send before its answer, or once the
 * priming delay has passed; an answer that comes first is written as the SDK wrote it, without an
 * id, and nothing is stored (no client can resume a stream it holds no id of).
 */
final class ResumableStreamResponse extends HttpServletResponseWrapper {

	private static final String EVENT_STREAM = "text/event-stream";

	private static final Logger logger = LoggerFactory.getLogger(ResumableStreamResponse.class);

	private final ResumableStreams streams;

	private final String sessionId;

	private final boolean listening;

	private final boolean polling;

	private final String resumedStreamId;

	private final String requestId;

	private boolean eventStream;

	private PrintWriter writer;

	private EventWriter events;

	/** A request's response stream; {@code requestId} is the JSON text of the request's id. */
	static ResumableStreamResponse forRequest(HttpServletResponse response, ResumableStreams streams, String sessionId,
			String requestId, boolean polling) {
		return new ResumableStreamResponse(response, streams, sessionId, false, polling, null, requestId);
	}

	/** A new listening stream ({@code GET}). */
	static ResumableStreamResponse listening(HttpServletResponse response, ResumableStreams streams, String sessionId) {
		return new ResumableStreamResponse(response, streams, sessionId, true, false, null, null);
	}

	/** Goes on with a listening stream a client resumed: same stream id, no new priming event. */
	static ResumableStreamResponse resuming(HttpServletResponse response, ResumableStreams streams, String sessionId,
			String streamId) {
		return new ResumableStreamResponse(response, streams, sessionId, true, false, streamId, null);
	}

	private ResumableStreamResponse(HttpServletResponse response, ResumableStreams streams, String sessionId,
			boolean listening, boolean polling, String resumedStreamId, String requestId) {
		super(response);
		this.streams = streams;
		this.sessionId = sessionId;
		this.listening = listening;
		this.polling = polling;
		this.resumedStreamId = resumedStreamId;
		this.requestId = requestId;
	}

	/** The SDK is done with the request: its stream is no longer produced here. */
	synchronized void finished() {
		if (this.events != null) {
			this.events.finished();
		}
	}

	@Override
	public void setContentType(String type) {
		super.setContentType(type);
		if (type != null && type.startsWith(EVENT_STREAM)) {
			this.eventStream = true;
		}
	}

	/** The SDK takes its writer before it says the response is an event stream, so the writer decides as it writes. */
	@Override
	public synchronized PrintWriter getWriter() throws IOException {
		if (this.sessionId == null) {
			return super.getWriter();
		}
		if (this.writer == null) {
			String streamId = this.resumedStreamId != null ? this.resumedStreamId
					: this.streams.newStreamId(this.listening, this.requestId);
			this.events = new EventWriter(super.getWriter(), streamId, this.resumedStreamId == null);
			this.writer = new PrintWriter(this.events);
		}
		return this.writer;
	}

	@Override
	public void flushBuffer() throws IOException {
		if (this.writer != null && this.eventStream) {
			this.writer.flush();
		}
		super.flushBuffer();
	}

	/** Splits what the SDK writes into SSE events and writes them to the client under stored ids. */
	private final class EventWriter extends Writer {

		private final PrintWriter client;

		private final String streamId;

		private final StringBuilder pending = new StringBuilder();

		private boolean primed;

		private boolean answeredUnprimed;

		private boolean detached;

		private ScheduledFuture<?> primingTimer;

		EventWriter(PrintWriter client, String streamId, boolean prime) {
			this.client = client;
			this.streamId = streamId;
			this.primed = !prime;
		}

		synchronized void finished() {
			cancelPrimingTimer();
			ResumableStreamResponse.this.streams.finished(this.streamId);
		}

		/** Primes now, or later for a request's stream that may answer first. */
		private void started() {
			if (this.primed || this.answeredUnprimed || this.primingTimer != null) {
				return;
			}
			Duration delay = ResumableStreamResponse.this.streams.primingDelay();
			if (ResumableStreamResponse.this.listening || ResumableStreamResponse.this.polling || delay.isZero()) {
				prime();
			}
			else {
				this.primingTimer = ResumableStreamResponse.this.streams.schedule(this::primeLate, delay);
			}
		}

		private synchronized void primeLate() {
			if (!this.answeredUnprimed) {
				prime();
			}
		}

		private void cancelPrimingTimer() {
			if (this.primingTimer != null) {
				this.primingTimer.cancel(false);
			}
		}

		@Override
		public synchronized void write(char[] buffer, int offset, int length) {
			if (!ResumableStreamResponse.this.eventStream) {
				this.client.write(buffer, offset, length);
				return;
			}
			this.pending.append(buffer, offset, length);
			int end;
			while ((end = this.pending.indexOf("\n\n")) >= 0) {
				String frame = this.pending.substring(0, end);
				this.pending.delete(0, end + 2);
				event(frame);
			}
		}

		@Override
		public synchronized void flush() {
			if (ResumableStreamResponse.this.eventStream) {
				started();
			}
			if (!this.detached) {
				this.client.flush();
			}
		}

		@Override
		public synchronized void close() {
			flush();
		}

		private void prime() {
			if (this.primed) {
				return;
			}
			this.primed = true;
			cancelPrimingTimer();
			if (!ResumableStreamResponse.this.listening) {
				ResumableStreamResponse.this.streams.started(this.streamId);
			}
			String id;
			try {
				id = ResumableStreamResponse.this.streams.append(ResumableStreamResponse.this.sessionId, this.streamId, "");
			}
			catch (RuntimeException ex) {
				logger.warn("An SSE stream of session {} is not resumable: its events could not be stored: {}",
						SessionIds.shortForm(ResumableStreamResponse.this.sessionId), ex.toString());
				return;
			}
			send("id: " + id + "\nretry: " + ResumableStreamResponse.this.streams.retry().toMillis() + "\ndata: \n\n");
			if (ResumableStreamResponse.this.polling) {
				this.client.close();
				this.detached = true;
			}
		}

		private void event(String frame) {
			String type = "message";
			StringBuilder data = null;
			for (String line : frame.split("\n", -1)) {
				if (line.startsWith("event:")) {
					type = line.substring("event:".length()).strip();
				}
				else if (line.startsWith("data:")) {
					String value = line.substring("data:".length());
					value = value.startsWith(" ") ? value.substring(1) : value;
					data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
				}
			}
			if (data == null) {
				send(frame + "\n\n");
				return;
			}
			if (!this.primed && !ResumableStreamResponse.this.listening && !ResumableStreamResponse.this.polling
					&& ResumableStreamResponse.this.streams.isAnswer(data.toString())) {
				this.answeredUnprimed = true;
				cancelPrimingTimer();
				send("event: " + type + "\ndata: " + data.toString().replace("\n", "\ndata: ") + "\n\n");
				return;
			}
			prime();
			String id;
			try {
				id = ResumableStreamResponse.this.streams.append(ResumableStreamResponse.this.sessionId, this.streamId,
						data.toString());
			}
			catch (RuntimeException ex) {
				logger.warn("An SSE event of session {} was sent but not stored, so it cannot be replayed: {}",
						SessionIds.shortForm(ResumableStreamResponse.this.sessionId), ex.toString());
				send(frame + "\n\n");
				return;
			}
			send(ResumableStreams.sseEvent(id, type, data.toString()));
		}

		private void send(String text) {
			if (!this.detached) {
				this.client.write(text);
				this.client.flush();
			}
		}

	}

}
