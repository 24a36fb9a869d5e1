package io.github.mcpsessions.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import io.github.mcpsessions.internal.streams.ResumableStream;
import io.github.mcpsessions.internal.streams.StreamPlan;

/**
 * The servlet response the SDK (or Spring's WebMvc transport) writes an SSE stream into, made
 * resumable by a {@link ResumableStream}: characters from {@code getWriter()} or UTF-8 bytes from
 * {@code getOutputStream()}, whichever the transport takes. What is not an event stream passes as
 * is. The SDK keeps a writer that never fails, so a call goes on when the client's connection
 * breaks, and its result is there when the client resumes.
 */
final class ResumableStreamResponse extends HttpServletResponseWrapper {

	private static final String EVENT_STREAM = "text/event-stream";

	private final StreamPlan plan;

	private boolean eventStream;

	private PrintWriter writer;

	private EventBytes bytes;

	private ResumableStream stream;

	/**
	 * The response of one stream the SDK writes: a request's, a new listening stream, or a listening
	 * stream a client resumed (the events it missed first, then the SDK's under the same stream id,
	 * no new priming event).
	 */
	ResumableStreamResponse(HttpServletResponse response, StreamPlan plan) {
		super(response);
		this.plan = plan;
		if (plan.continuesStream()) {
			response.setContentType(EVENT_STREAM);
			response.setCharacterEncoding("UTF-8");
		}
	}

	/**
	 * The SDK's servlet returned: a request's stream ends its production here when its response is
	 * complete (now for the SDK's servlet, which answers before it returns, or when the asynchronous
	 * response completes: Spring WebMvc); a new listening stream is primed if the SDK wrote nothing.
	 */
	void sdkReturned(HttpServletRequest request) throws IOException {
		if (this.plan.primedBySdkSetUp()) {
			started();
		}
		if (this.plan.endsWithResponse()) {
			finishedWithResponse(request);
		}
	}

	private void finishedWithResponse(HttpServletRequest request) {
		if (request.isAsyncStarted() && !answeredUnprimed()) {
			try {
				request.getAsyncContext().addListener(ServletStreamClients.onEnd(this::finished, this::finished));
				return;
			}
			catch (IllegalStateException ex) {
				// completed meanwhile
			}
		}
		finished();
	}

	/**
	 * The SDK has set the stream up: it is primed now if it has not been (SDK 2.0 and 2.1, and
	 * Spring's WebMvc transport, write nothing on a new listening stream until there is a message).
	 */
	private synchronized void started() throws IOException {
		if (this.stream == null && !isCommitted()) {
			// Spring's WebMvc transport writes nothing until its first message: the priming goes first.
			setContentType(EVENT_STREAM);
			setCharacterEncoding("UTF-8");
			getOutputStream();
		}
		if (this.stream != null && this.eventStream) {
			if (this.writer != null) {
				this.writer.flush();
			}
			else {
				this.bytes.flush();
			}
		}
	}

	/** Whether the stream ended with an answer that was never stored (a quick call): nothing is left to finish. */
	private synchronized boolean answeredUnprimed() {
		return this.stream != null && this.stream.answeredUnprimed();
	}

	/** The SDK is done with the request: its stream is no longer produced here. */
	private synchronized void finished() {
		if (this.stream != null) {
			this.stream.finished();
		}
	}

	@Override
	public void setContentType(String type) {
		super.setContentType(type);
		if (type != null && type.startsWith(EVENT_STREAM)) {
			this.eventStream = true;
		}
	}

	@Override
	public void setHeader(String name, String value) {
		super.setHeader(name, value);
		noteContentType(name, value);
	}

	/** Spring's {@code ServletServerHttpResponse} adds its headers, the content type too. */
	@Override
	public void addHeader(String name, String value) {
		super.addHeader(name, value);
		noteContentType(name, value);
	}

	private void noteContentType(String name, String value) {
		if ("Content-Type".equalsIgnoreCase(name) && value != null && value.startsWith(EVENT_STREAM)) {
			this.eventStream = true;
		}
	}

	/** The SDK takes its writer before it says the response is an event stream, so the writer decides as it writes. */
	@Override
	public synchronized PrintWriter getWriter() throws IOException {
		if (this.bytes != null) {
			return super.getWriter();
		}
		if (this.writer == null) {
			EventWriter events = new EventWriter(super.getWriter());
			this.stream = events.stream;
			this.writer = new PrintWriter(events);
		}
		return this.writer;
	}

	/** Spring's WebMvc transport writes its events as bytes: they are decoded and handled as the writer's. */
	@Override
	public synchronized ServletOutputStream getOutputStream() throws IOException {
		if (this.writer != null) {
			return super.getOutputStream();
		}
		if (this.bytes == null) {
			ServletOutputStream client = super.getOutputStream();
			this.bytes = new EventBytes(client);
			this.stream = this.bytes.stream;
		}
		return this.bytes;
	}

	private ResumableStream newStream(ResumableStream.Client client) {
		return this.plan.open(client);
	}

	/**
	 * Never fails on an event stream: the client may be gone (cut, or polling), and the call must go
	 * on writing into the store.
	 */
	@Override
	public void flushBuffer() throws IOException {
		if (!this.eventStream || this.stream == null) {
			super.flushBuffer();
			return;
		}
		if (this.writer != null) {
			this.writer.flush();
		}
		else {
			this.bytes.flush();
		}
		try {
			super.flushBuffer();
		}
		catch (IOException | RuntimeException ex) {
			// the client is gone; the stream's events are stored
		}
	}

	/** Hands complete SSE frames of what is written as UTF-8 bytes to the event writer. */
	private final class EventBytes extends ServletOutputStream {

		private static final byte[] END_OF_EVENT = { '\n', '\n' };

		private final ServletOutputStream client;

		private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

		private final ResumableStream stream;

		EventBytes(ServletOutputStream client) {
			this.client = client;
			this.stream = newStream(new ResumableStream.Client() {
				@Override
				public void send(String text) {
					try {
						client.write(text.getBytes(StandardCharsets.UTF_8));
						client.flush();
					}
					catch (IOException ex) {
						throw new java.io.UncheckedIOException(ex);
					}
				}

				@Override
				public void end() {
					try {
						client.close();
					}
					catch (IOException ex) {
						throw new java.io.UncheckedIOException(ex);
					}
				}
			});
		}

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public synchronized void write(byte[] buffer, int offset, int length) throws IOException {
			if (!ResumableStreamResponse.this.eventStream) {
				this.client.write(buffer, offset, length);
				return;
			}
			this.pending.write(buffer, offset, length);
			byte[] all = this.pending.toByteArray();
			int end = lastEndOfEvent(all);
			if (end > 0) {
				this.stream.write(new String(all, 0, end, StandardCharsets.UTF_8));
				this.pending.reset();
				this.pending.write(all, end, all.length - end);
			}
		}

		private static int lastEndOfEvent(byte[] bytes) {
			for (int i = bytes.length - END_OF_EVENT.length; i >= 0; i--) {
				if (bytes[i] == '\n' && bytes[i + 1] == '\n') {
					return i + 2;
				}
			}
			return -1;
		}

		@Override
		public synchronized void flush() throws IOException {
			if (ResumableStreamResponse.this.eventStream) {
				this.stream.flush();
			}
			else {
				this.client.flush();
			}
		}

		@Override
		public void close() throws IOException {
			flush();
		}

		@Override
		public boolean isReady() {
			return this.client.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			this.client.setWriteListener(listener);
		}

	}

	/** What the SDK writes as characters: SSE text goes to the resumable stream, anything else to the client as is. */
	private final class EventWriter extends Writer {

		private final PrintWriter client;

		private final ResumableStream stream;

		EventWriter(PrintWriter client) {
			this.client = client;
			this.stream = newStream(ServletStreamClients.writing(client, client::close));
		}

		@Override
		public void write(char[] buffer, int offset, int length) {
			if (ResumableStreamResponse.this.eventStream) {
				this.stream.write(buffer, offset, length);
			}
			else {
				this.client.write(buffer, offset, length);
			}
		}

		/** What the SDK writes: Strings, taken without the copy through a buffer that {@link Writer} makes. */
		@Override
		public void write(String text, int offset, int length) {
			if (ResumableStreamResponse.this.eventStream) {
				this.stream.write(text, offset, offset + length);
			}
			else {
				this.client.write(text, offset, length);
			}
		}

		@Override
		public void flush() {
			if (ResumableStreamResponse.this.eventStream) {
				this.stream.flush();
			}
			else {
				this.client.flush();
			}
		}

		@Override
		public void close() {
			flush();
		}

	}

}
