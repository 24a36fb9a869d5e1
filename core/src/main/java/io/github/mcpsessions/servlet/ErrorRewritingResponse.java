package io.github.mcpsessions.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import io.github.mcpsessions.internal.jsonrpc.JsonRpcBody;
import io.github.mcpsessions.internal.jsonrpc.JsonRpcErrors;

/**
 * Passes successful responses (JSON and SSE streams alike) straight through, but holds back any
 * error the SDK writes (a status of 400 or more, or {@code sendError}) and, in {@link #finish},
 * replaces it with a JSON-RPC error object: same status, the SDK's code and message, no Java
 * exception, no full session id. The decorator can also {@link #fail} a response itself.
 */
final class ErrorRewritingResponse extends HttpServletResponseWrapper {

	private final JsonRpcBody.Reader bodies;

	private final JsonRpcErrors errors;

	private final RecordingRequest request;

	private int status = SC_OK;

	private ByteArrayOutputStream held;

	private PrintWriter heldWriter;

	private ServletOutputStream heldStream;

	private String sentMessage;

	private Failure failure;

	ErrorRewritingResponse(HttpServletResponse response, JsonRpcErrors errors, JsonRpcBody.Reader bodies,
			RecordingRequest request) {
		super(response);
		this.errors = errors;
		this.bodies = bodies;
		this.request = request;
	}

	@Override
	public void setStatus(int sc) {
		this.status = sc;
		if (sc >= 400) {
			hold();
		}
		else {
			super.setStatus(sc);
		}
	}

	@Override
	public void sendError(int sc, String msg) {
		this.status = sc;
		this.sentMessage = msg;
		hold();
	}

	@Override
	public void sendError(int sc) {
		sendError(sc, null);
	}

	@Override
	public int getStatus() {
		return this.status;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		if (this.held == null) {
			return super.getWriter();
		}
		if (this.heldWriter == null) {
			this.heldWriter = new PrintWriter(new OutputStreamWriter(this.held, StandardCharsets.UTF_8));
		}
		return this.heldWriter;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (this.held == null) {
			return super.getOutputStream();
		}
		if (this.heldStream == null) {
			this.heldStream = new HeldOutputStream(this.held);
		}
		return this.heldStream;
	}

	@Override
	public void flushBuffer() throws IOException {
		if (this.held == null) {
			super.flushBuffer();
		}
	}

	/** Answers with {@code refusal} instead of whatever was written so far (if nothing was committed). */
	void fail(JsonRpcErrors.Refusal refusal) {
		if (refusal.allow() != null) {
			setHeader("Allow", refusal.allow());
		}
		fail(refusal.status(), refusal.code(), refusal.message(), refusal.retryAfter());
	}

	void fail(int status, int code, String message, boolean retryAfter) {
		this.status = status;
		this.failure = new Failure(code, message, retryAfter);
		hold();
	}

	private void hold() {
		if (this.held == null) {
			this.held = new ByteArrayOutputStream();
		}
	}

	/** Writes the rewritten error, if there is one. Call once, after the SDK returned. */
	void finish() throws IOException {
		if (this.held == null || isCommitted()) {
			return;
		}
		if (this.heldWriter != null) {
			this.heldWriter.flush();
		}
		JsonRpcErrors.Refusal answer = this.failure != null
				? new JsonRpcErrors.Refusal(this.status, this.failure.code(), this.failure.message(), this.failure.retryAfter())
				: this.errors.forSdkError(this.status, this.held.toByteArray(), this.sentMessage);
		HttpServletResponse response = (HttpServletResponse) getResponse();
		response.resetBuffer();
		response.setStatus(this.status);
		if (answer.retryAfter()) {
			response.setHeader("Retry-After", JsonRpcErrors.RETRY_AFTER_SECONDS);
		}
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		byte[] body = this.errors.body(requestId(), answer.code(), answer.message()).getBytes(StandardCharsets.UTF_8);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	private Object requestId() {
		if (this.request == null) {
			return null;
		}
		byte[] body = this.request.recorded();
		if (body.length == 0) {
			body = this.request.readForErrorReply();
		}
		return this.bodies.requestId(body);
	}

	private record Failure(int code, String message, boolean retryAfter) {
	}

	private static final class HeldOutputStream extends ServletOutputStream {

		private final ByteArrayOutputStream target;

		HeldOutputStream(ByteArrayOutputStream target) {
			this.target = target;
		}

		@Override
		public void write(int b) {
			this.target.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.target.write(b, off, len);
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setWriteListener(WriteListener writeListener) {
			throw new UnsupportedOperationException("error bodies are written synchronously");
		}

	}

}
