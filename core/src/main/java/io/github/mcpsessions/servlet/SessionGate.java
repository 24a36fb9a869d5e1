package io.github.mcpsessions.servlet;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.function.Function;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import io.github.mcpsessions.internal.adapter.AdapterCore;
import io.github.mcpsessions.internal.drain.GracefulStop;
import io.github.mcpsessions.internal.flow.HttpExchange;
import io.github.mcpsessions.internal.flow.HttpExchange.SdkHandoff;
import io.github.mcpsessions.internal.flow.SessionRequestFlow;
import io.github.mcpsessions.internal.jsonrpc.JsonRpcBody;
import io.github.mcpsessions.internal.jsonrpc.JsonRpcErrors;
import io.github.mcpsessions.internal.sdk.SessionStart;
import io.github.mcpsessions.internal.streams.StreamPlan;

/**
 * The servlet side of the {@link SessionRequestFlow}: reads a POST body once, hands the request's
 * parts to the {@link SessionRequestFlow}, and translates what it asks into servlet calls, rewriting every error
 * into a JSON-RPC object. The SDK is reached through a {@link Downstream}, so the same gate serves
 * the decorated servlet and a filter in front of a framework's servlet.
 */
final class SessionGate {

	/** Longest a request stream resumed from the store is kept open. */
	private static final long RESUMPTION_TIMEOUT_MILLIS = 10 * 60 * 1000L;

	/** How the gate reaches the SDK's HTTP handling. */
	@FunctionalInterface
	interface Downstream {

		void serve(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException;

	}

	private final SessionRequestFlow flow;

	private final GracefulStop stop;

	private final JsonRpcErrors errors;

	private final JsonRpcBody.Reader bodies;

	private final int maxRequestBodySize;

	private final Function<HttpServletRequest, String> ownerResolver;

	SessionGate(AdapterCore core, Function<HttpServletRequest, String> ownerResolver) {
		this.flow = core.flow();
		this.stop = core.gracefulStop();
		this.errors = core.errors();
		this.bodies = core.bodies();
		this.maxRequestBodySize = core.maxRequestBodySize();
		this.ownerResolver = ownerResolver;
	}

	/**
	 * Serves one request: hands it to {@code sdk} when the session is held here (after restoring it
	 * if needed), answers it alone when it must be refused, routed away or resumed from the store.
	 * {@code sdk} is called at most once.
	 */
	void handle(HttpServletRequest request, HttpServletResponse response, Downstream sdk)
			throws ServletException, IOException {
		if (this.stop.isDraining()) {
			response.setHeader("Connection", "close");
		}
		// A listening stream (GET) lasts as long as the client wants: a graceful stop does not wait for it.
		if ("GET".equals(request.getMethod())) {
			serve(request, response, sdk);
			return;
		}
		InFlightRequest counted = new InFlightRequest(request, this.stop);
		try {
			serve(counted, response, sdk);
		}
		finally {
			counted.servletReturned();
		}
	}

	private void serve(HttpServletRequest request, HttpServletResponse response, Downstream sdk)
			throws ServletException, IOException {
		boolean post = "POST".equals(request.getMethod());
		RecordingRequest recording = post ? new RecordingRequest(request) : null;
		ErrorRewritingResponse sdkResponse = new ErrorRewritingResponse(response, this.errors, this.bodies, recording);
		try {
			byte[] body = post ? recording.preload(this.maxRequestBodySize) : null;
			String owner = this.ownerResolver != null ? this.ownerResolver.apply(request) : null;
			// Only a GET resumes a stream: other requests need not look for the header.
			String lastEventId = post ? null : request.getHeader(SessionRequestFlow.LAST_EVENT_ID);
			this.flow.serve(request.getMethod(), request.getHeader(SessionRequestFlow.SESSION_HEADER), owner, body,
					lastEventId,
					new Exchange(post ? recording : request, body, sdkResponse, sdk));
		}
		catch (SdkFailure ex) {
			ex.rethrow();
		}
		finally {
			sdkResponse.finish();
		}
	}

	/** One request as the flow sees it on a servlet. */
	private static final class Exchange implements HttpExchange<Void> {

		private final HttpServletRequest request;

		private final byte[] body;

		private final ErrorRewritingResponse response;

		private final Downstream sdk;

		Exchange(HttpServletRequest request, byte[] body, ErrorRewritingResponse response, Downstream sdk) {
			this.request = request;
			this.body = body;
			this.response = response;
			this.sdk = sdk;
		}

		@Override
		public Void toSdk(SdkHandoff handoff) {
			HttpServletRequest sdkRequest = handoff.withoutSessionId()
					? new SyntheticInitializeRequest(this.request, this.body)
					: handoff.withoutLastEventId() ? withoutLastEventId(this.request) : this.request;
			ResumableStreamResponse streamed = handoff.stream() == null ? null
					: new ResumableStreamResponse(this.response, handoff.stream());
			try {
				if (handoff.startsSession()) {
					try (SessionStart.Scope scope = handoff.bindStart()) {
						this.sdk.serve(sdkRequest, this.response);
					}
					JsonRpcErrors.Refusal refusal = handoff.startRefusal();
					if (refusal != null) {
						this.response.fail(refusal);
					}
					return null;
				}
				try {
					this.sdk.serve(sdkRequest, streamed != null ? streamed : this.response);
				}
				finally {
					if (streamed != null) {
						streamed.sdkReturned(sdkRequest);
					}
				}
				handoff.responded();
				return null;
			}
			catch (IOException | ServletException ex) {
				throw new SdkFailure(ex);
			}
		}

		@Override
		public Void resume(StreamPlan stream) {
			this.response.setStatus(HttpServletResponse.SC_OK);
			this.response.setContentType("text/event-stream");
			this.response.setCharacterEncoding("UTF-8");
			this.response.setHeader("Cache-Control", "no-cache");
			AsyncContext async = this.request.startAsync();
			async.setTimeout(RESUMPTION_TIMEOUT_MILLIS);
			try {
				stream.resume(ServletStreamClients.writing(this.response.getWriter(), async::complete),
						stop -> async.addListener(ServletStreamClients.onEnd(stop, () -> {
							stop.run();
							async.complete();
						})));
			}
			catch (IOException ex) {
				throw new SdkFailure(ex);
			}
			return null;
		}

		@Override
		public Void accepted() {
			this.response.setStatus(HttpServletResponse.SC_ACCEPTED);
			return null;
		}

		@Override
		public Void refuse(JsonRpcErrors.Refusal refusal) {
			this.response.fail(refusal);
			return null;
		}

	}

	/** What the servlet calls threw, carried through the flow to the container as it was. */
	private static final class SdkFailure extends RuntimeException {

		private static final long serialVersionUID = 1L;

		SdkFailure(Exception cause) {
			super(cause);
		}

		void rethrow() throws IOException, ServletException {
			if (getCause() instanceof IOException io) {
				throw io;
			}
			throw (ServletException) getCause();
		}

	}

	/** The request as the SDK should see it once this library answered {@code Last-Event-ID}. */
	private static HttpServletRequest withoutLastEventId(HttpServletRequest request) {
		if (request.getHeader(SessionRequestFlow.LAST_EVENT_ID) == null) {
			return request;
		}
		return new HttpServletRequestWrapper(request) {
			@Override
			public String getHeader(String name) {
				return SessionRequestFlow.LAST_EVENT_ID.equalsIgnoreCase(name) ? null : super.getHeader(name);
			}

			@Override
			public Enumeration<String> getHeaders(String name) {
				return SessionRequestFlow.LAST_EVENT_ID.equalsIgnoreCase(name) ? Collections.emptyEnumeration()
						: super.getHeaders(name);
			}

			@Override
			public Enumeration<String> getHeaderNames() {
				return Collections.enumeration(Collections.list(super.getHeaderNames())
					.stream()
					.filter(name -> !SessionRequestFlow.LAST_EVENT_ID.equalsIgnoreCase(name))
					.toList());
			}
		};
	}

}
