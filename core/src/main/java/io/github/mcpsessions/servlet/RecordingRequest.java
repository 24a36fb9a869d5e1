package io.github.mcpsessions.servlet;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A POST request whose first bytes are kept as the SDK reads them, so an error answer can carry the
 * JSON-RPC id of the request it refuses.
 */
final class RecordingRequest extends HttpServletRequestWrapper {

	static final int RECORD_LIMIT = 64 * 1024;

	private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();

	private ServletInputStream stream;

	private byte[] preloaded;

	private BufferedReader reader;

	RecordingRequest(HttpServletRequest request) {
		super(request);
	}

	/** The bytes read so far, at most {@link #RECORD_LIMIT}. */
	byte[] recorded() {
		return this.recorded.toByteArray();
	}

	/** Reads (and records) up to {@link #RECORD_LIMIT} bytes of a body nobody has read yet. */
	byte[] readForErrorReply() {
		try {
			ServletInputStream in = getInputStream();
			byte[] buffer = new byte[8192];
			while (this.recorded.size() < RECORD_LIMIT && in.read(buffer) != -1) {
				// recording happens in the stream
			}
		}
		catch (IOException | IllegalStateException ex) {
			// best effort: the reply goes without an id
		}
		return recorded();
	}

	/**
	 * Reads the body now, up to {@code limit} bytes, and serves it again, followed by any rest, to
	 * whoever reads next (the SDK).
	 * @return the body, or {@code null} if it is longer than {@code limit}
	 */
	byte[] preload(int limit) throws IOException {
		if (this.preloaded == null) {
			ServletInputStream in = getInputStream();
			int declared = getContentLength();
			// A declared length is exact (the container reads no further): one array of the right size.
			byte[] head = declared >= 0 && declared <= limit ? in.readNBytes(declared) : in.readNBytes(limit + 1);
			boolean whole = head.length <= limit;
			this.preloaded = head;
			this.stream = new ReplayStream(whole ? new ByteArrayInputStream(head)
					: new SequenceInputStream(new ByteArrayInputStream(head), in), in);
			this.reader = null;
			return whole ? head : null;
		}
		return this.preloaded.length <= limit ? this.preloaded : null;
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (this.stream == null) {
			this.stream = new RecordingStream(super.getInputStream());
		}
		return this.stream;
	}

	@Override
	public BufferedReader getReader() throws IOException {
		if (this.reader == null) {
			String encoding = getCharacterEncoding();
			Charset charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			this.reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}
		return this.reader;
	}

	private final class RecordingStream extends ServletInputStream {

		private final ServletInputStream delegate;

		RecordingStream(ServletInputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b != -1 && RecordingRequest.this.recorded.size() < RECORD_LIMIT) {
				RecordingRequest.this.recorded.write(b);
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n = this.delegate.read(b, off, len);
			int room = RECORD_LIMIT - RecordingRequest.this.recorded.size();
			if (n > 0 && room > 0) {
				RecordingRequest.this.recorded.write(b, off, Math.min(n, room));
			}
			return n;
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener readListener) {
			this.delegate.setReadListener(readListener);
		}

	}

	/** Serves a preloaded body (and any rest of the original stream). */
	private static final class ReplayStream extends ServletInputStream {

		private final InputStream source;

		private final ServletInputStream original;

		private boolean finished;

		ReplayStream(InputStream source, ServletInputStream original) {
			this.source = source;
			this.original = original;
		}

		@Override
		public int read() throws IOException {
			int b = this.source.read();
			this.finished = b == -1;
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n = this.source.read(b, off, len);
			this.finished = n == -1;
			return n;
		}

		@Override
		public boolean isFinished() {
			return this.finished;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener readListener) {
			this.original.setReadListener(readListener);
		}

	}

}
