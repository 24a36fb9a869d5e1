package io.github.mcpsessions.servlet;

import java.io.OutputStream;
import java.io.PrintWriter;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Swallows the SDK's answer to a synthetic {@code initialize}: nothing reaches the client, only the
 * status is kept so the decorator can tell whether the restore went through.
 */
final class DiscardingResponse extends HttpServletResponseWrapper {

	private int status = SC_OK;

	DiscardingResponse(HttpServletResponse response) {
		super(response);
	}

	@Override
	public int getStatus() {
		return this.status;
	}

	@Override
	public void setStatus(int sc) {
		this.status = sc;
	}

	@Override
	public void sendError(int sc) {
		this.status = sc;
	}

	@Override
	public void sendError(int sc, String msg) {
		this.status = sc;
	}

	@Override
	public void sendRedirect(String location) {
		this.status = SC_FOUND;
	}

	@Override
	public void setHeader(String name, String value) {
	}

	@Override
	public void addHeader(String name, String value) {
	}

	@Override
	public void setIntHeader(String name, int value) {
	}

	@Override
	public void addIntHeader(String name, int value) {
	}

	@Override
	public void setDateHeader(String name, long date) {
	}

	@Override
	public void addDateHeader(String name, long date) {
	}

	@Override
	public void setContentType(String type) {
	}

	@Override
	public void setCharacterEncoding(String charset) {
	}

	@Override
	public void setContentLength(int len) {
	}

	@Override
	public void setContentLengthLong(long len) {
	}

	@Override
	public void setBufferSize(int size) {
	}

	@Override
	public void flushBuffer() {
	}

	@Override
	public void resetBuffer() {
	}

	@Override
	public void reset() {
	}

	@Override
	public boolean isCommitted() {
		return false;
	}

	@Override
	public PrintWriter getWriter() {
		return new PrintWriter(OutputStream.nullOutputStream());
	}

	@Override
	public ServletOutputStream getOutputStream() {
		return new ServletOutputStream() {

			@Override
			public void write(int b) {
			}

			@Override
			public void write(byte[] b, int off, int len) {
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setWriteListener(WriteListener writeListener) {
			}
		};
	}

}
