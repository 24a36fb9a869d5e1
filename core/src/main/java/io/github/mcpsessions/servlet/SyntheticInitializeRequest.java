package io.github.mcpsessions.servlet;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A client's {@code initialize} under a stale session id, seen as an {@code initialize} POST
 * without a session id, its body replayed, so the SDK starts a new session as the plain SDK would.
 * Host, Origin and every other header stay those of the real request, so the SDK's security checks
 * apply unchanged.
 */
final class SyntheticInitializeRequest extends HttpServletRequestWrapper {

	private static final String SESSION_HEADER = "Mcp-Session-Id";

	private static final String LAST_EVENT_ID = "Last-Event-ID";

	private static final String ACCEPT = "Accept";

	private static final String CONTENT_TYPE = "Content-Type";

	private static final String CONTENT_LENGTH = "Content-Length";

	private static final String JSON = "application/json";

	private final byte[] body;

	SyntheticInitializeRequest(HttpServletRequest request, byte[] body) {
		super(request);
		this.body = body;
	}

	@Override
	public String getMethod() {
		return "POST";
	}

	@Override
	public String getHeader(String name) {
		if (SESSION_HEADER.equalsIgnoreCase(name) || LAST_EVENT_ID.equalsIgnoreCase(name)) {
			return null;
		}
		if (ACCEPT.equalsIgnoreCase(name)) {
			return super.getHeader(name);
		}
		if (CONTENT_TYPE.equalsIgnoreCase(name)) {
			return JSON;
		}
		if (CONTENT_LENGTH.equalsIgnoreCase(name)) {
			return String.valueOf(this.body.length);
		}
		return super.getHeader(name);
	}

	@Override
	public Enumeration<String> getHeaders(String name) {
		String value = getHeader(name);
		if (SESSION_HEADER.equalsIgnoreCase(name) || LAST_EVENT_ID.equalsIgnoreCase(name) || ACCEPT.equalsIgnoreCase(name)
				|| CONTENT_TYPE.equalsIgnoreCase(name) || CONTENT_LENGTH.equalsIgnoreCase(name)) {
			return value == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(value));
		}
		return super.getHeaders(name);
	}

	@Override
	public Enumeration<String> getHeaderNames() {
		List<String> names = new ArrayList<>();
		Enumeration<String> real = super.getHeaderNames();
		while (real != null && real.hasMoreElements()) {
			String name = real.nextElement();
			if (!SESSION_HEADER.equalsIgnoreCase(name) && !LAST_EVENT_ID.equalsIgnoreCase(name)
					&& !ACCEPT.equalsIgnoreCase(name) && !CONTENT_TYPE.equalsIgnoreCase(name)
					&& !CONTENT_LENGTH.equalsIgnoreCase(name)) {
				names.add(name);
			}
		}
		names.add(ACCEPT);
		names.add(CONTENT_TYPE);
		names.add(CONTENT_LENGTH);
		return Collections.enumeration(names);
	}

	@Override
	public String getContentType() {
		return JSON;
	}

	@Override
	public String getCharacterEncoding() {
		return "UTF-8";
	}

	@Override
	public int getContentLength() {
		return this.body.length;
	}

	@Override
	public long getContentLengthLong() {
		return this.body.length;
	}

	@Override
	public ServletInputStream getInputStream() {
		ByteArrayInputStream in = new ByteArrayInputStream(this.body);
		return new ServletInputStream() {

			@Override
			public int read() {
				return in.read();
			}

			@Override
			public int read(byte[] b, int off, int len) {
				return in.read(b, off, len);
			}

			@Override
			public boolean isFinished() {
				return in.available() == 0;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener readListener) {
				throw new UnsupportedOperationException("the restore body is read synchronously");
			}
		};
	}

	@Override
	public BufferedReader getReader() {
		return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
	}

	@Override
	public AsyncContext startAsync() {
		throw new IllegalStateException("initialize is answered synchronously");
	}

}
