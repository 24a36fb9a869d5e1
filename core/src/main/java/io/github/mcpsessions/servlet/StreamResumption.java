package io.github.mcpsessions.servlet;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.events.EventStore.StoredEvent;
import io.github.mcpsessions.internal.streams.ResumableStreams;

/**
 * A client that resumed a request's stream with {@code Last-Event-ID}: the events it missed from the
 * store, then the stream's new ones as they are stored (here or, over the bus, on the replica that
 * runs the call), until the request's response has been sent.
 */
final class StreamResumption {

	private static final long TIMEOUT_MILLIS = 10 * 60 * 1000L;

	private final ResumableStreams streams;

	private final McpJsonMapper json;

	private final AsyncContext async;

	private final PrintWriter client;

	private final List<StoredEvent> early = new ArrayList<>();

	private boolean replayed;

	private boolean done;

	private long lastSequence = -1;

	private AutoCloseable listening;

	private StreamResumption(ResumableStreams streams, McpJsonMapper json, AsyncContext async, PrintWriter client) {
		this.streams = streams;
		this.json = json;
		this.async = async;
		this.client = client;
	}

	/** Answers {@code request} with the replay and the stream's live events; returns once the stream is set up. */
	static void start(HttpServletRequest request, HttpServletResponse response, ResumableStreams streams,
			McpJsonMapper json, EventStore.Replay replay, String lastEventId) throws IOException {
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("text/event-stream");
		response.setCharacterEncoding("UTF-8");
		response.setHeader("Cache-Control", "no-cache");
		AsyncContext async = request.startAsync();
		async.setTimeout(TIMEOUT_MILLIS);
		StreamResumption resumption = new StreamResumption(streams, json, async, response.getWriter());
		async.addListener(resumption.closer());
		resumption.run(replay, ResumableStreams.sequence(lastEventId));
	}

	private synchronized void run(EventStore.Replay replay, long after) {
		this.lastSequence = after;
		this.listening = this.streams.listen(replay.streamId(), this::live);
		for (StoredEvent event : replay.events()) {
			send(event);
		}
		this.replayed = true;
		List<StoredEvent> arrived = new ArrayList<>(this.early);
		this.early.clear();
		arrived.forEach(this::send);
		this.client.flush();
	}

	private synchronized void live(StoredEvent event) {
		if (!this.replayed) {
			this.early.add(event);
			return;
		}
		send(event);
	}

	private void send(StoredEvent event) {
		long sequence = ResumableStreams.sequence(event.id());
		if (this.done || sequence <= this.lastSequence || event.data().isEmpty()) {
			return;
		}
		this.lastSequence = sequence;
		this.client.write(ResumableStreams.sseEvent(event.id(), "message", event.data()));
		this.client.flush();
		if (isResponse(event.data())) {
			finish();
		}
	}

	private boolean isResponse(String data) {
		try {
			Map<String, Object> message = this.json.readValue(data, new TypeRef<Map<String, Object>>() {
			});
			return message.containsKey("id") && !message.containsKey("method")
					&& (message.containsKey("result") || message.containsKey("error"));
		}
		catch (IOException | RuntimeException ex) {
			return false;
		}
	}

	private void finish() {
		if (this.done) {
			return;
		}
		this.done = true;
		stopListening();
		this.async.complete();
	}

	private synchronized void stopListening() {
		try {
			if (this.listening != null) {
				this.listening.close();
			}
		}
		catch (Exception ex) {
			// nothing left to close
		}
	}

	private AsyncListener closer() {
		return new AsyncListener() {
			@Override
			public void onComplete(AsyncEvent event) {
				stopListening();
			}

			@Override
			public void onTimeout(AsyncEvent event) {
				finish();
			}

			@Override
			public void onError(AsyncEvent event) {
				stopListening();
			}

			@Override
			public void onStartAsync(AsyncEvent event) {
			}
		};
	}

}
