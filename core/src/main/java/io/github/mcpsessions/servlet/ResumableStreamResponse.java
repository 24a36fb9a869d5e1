package io.github.mcpsessions.servlet;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

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
 */
final class ResumableStreamResponse extends HttpServletResponseWrapper {

	private static final String EVENT_STREAM = "text/event-stream";

	private static final Logger logger = LoggerFactory.getLogger(ResumableStreamResponse.class);

	private final ResumableStreams streams;

	private final String sessionId;

	private final boolean listening;

	private final boolean polling;

	private final String resumedStreamId;

	private boolean eventStream;

	private PrintWriter writer;

	ResumableStreamResponse(HttpServletResponse response, ResumableStreams streams, String sessionId, boolean listening,
			boolean polling) {
		this(response, streams, sessionId, listening, polling, null);
	}

	/** Goes on with a listening stream a client resumed: same stream id, no new priming event. */
	static ResumableStreamResponse resuming(HttpServletResponse response, ResumableStreams streams, String sessionId,
			String streamId) {
		return new ResumableStreamResponse(response, streams, sessionId, true, false, streamId);
	}

	private ResumableStreamResponse(HttpServletResponse response, ResumableStreams streams, String sessionId,
			boolean listening, boolean polling, String resumedStreamId) {
		super(response);
		this.streams = streams;
		this.sessionId = sessionId;
		this.listening = listening;
		this.polling = polling;
		this.resumedStreamId = resumedStreamId;
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
			String streamId = this.resumedStreamId != null ? this.resumedStreamId : this.streams.newStreamId(this.listening);
			this.writer = new PrintWriter(new EventWriter(super.getWriter(), streamId, this.resumedStreamId == null));
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

		private boolean detached;

		EventWriter(PrintWriter client, String streamId, boolean prime) {
			this.client = client;
			this.streamId = streamId;
			this.primed = !prime;
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
				prime();
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
			prime();
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
