package io.github.mcpsessions.servlet;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.internal.streams.RequestStreamResumption;
import io.github.mcpsessions.internal.streams.ResumableStreams;

/**
 * A request's stream resumed with {@code Last-Event-ID} on a servlet: an asynchronous response that
 * a {@link RequestStreamResumption} writes, for at most 10 minutes.
 */
final class StreamResumption {

	private static final long TIMEOUT_MILLIS = 10 * 60 * 1000L;

	private StreamResumption() {
	}

	/** Answers {@code request} with the replay and the stream's live events; returns once the stream is set up. */
	static void start(HttpServletRequest request, HttpServletResponse response, ResumableStreams streams,
			String sessionId, EventStore.Replay replay, String lastEventId) throws IOException {
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("text/event-stream");
		response.setCharacterEncoding("UTF-8");
		response.setHeader("Cache-Control", "no-cache");
		AsyncContext async = request.startAsync();
		async.setTimeout(TIMEOUT_MILLIS);
		PrintWriter writer = response.getWriter();
		RequestStreamResumption resumption = new RequestStreamResumption(streams, sessionId,
				ServletStreamClients.writing(writer, async::complete));
		async.addListener(ServletStreamClients.onEnd(resumption::stop, () -> {
			resumption.stop();
			async.complete();
		}));
		resumption.start(replay, lastEventId);
	}

}
