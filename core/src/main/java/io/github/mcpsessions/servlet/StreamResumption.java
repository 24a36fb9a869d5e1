package io.github.mcpsessions.servlet;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;


import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.events.EventStore.StoredEvent;
import io.github.mcpsessions.internal.events.EventIds;
import io.github.mcpsessions.internal.streams.ResumableStreams;

/**
 * A client that resumed a request's stream with {@code Last-Event-ID}: the events it missed from the
 * store, then the stream's new ones as they are stored (here or, over the bus, on the replica that
 * runs the call), until the request's response has been sent. If the process that ran the call is
 * gone (stopped, crashed or restarted, so no answer will come), the stream ends with a JSON-RPC
 * error for the request, stored like its other events.
 */
final class StreamResumption {

	private static final long TIMEOUT_MILLIS = 10 * 60 * 1000L;

	private static final Duration PRODUCER_CHECK = Duration.ofSeconds(1);

	static final int PRODUCER_GONE = -32603;

	private final ResumableStreams streams;

	private final AsyncContext async;

	private final PrintWriter client;

	private final List<StoredEvent> early = new ArrayList<>();

	private boolean replayed;

	private boolean done;

	private long lastSequence = -1;

	private AutoCloseable listening;

	private final String sessionId;

	private String streamId;

	private ScheduledFuture<?> producerCheck;

	private StreamResumption(ResumableStreams streams, AsyncContext async, PrintWriter client,
			String sessionId) {
		this.streams = streams;
		this.async = async;
		this.client = client;
		this.sessionId = sessionId;
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
		StreamResumption resumption = new StreamResumption(streams, async, response.getWriter(), sessionId);
		async.addListener(resumption.closer());
		resumption.run(replay, ResumableStreams.sequence(lastEventId));
	}

	private synchronized void run(EventStore.Replay replay, long after) {
		this.lastSequence = after;
		this.streamId = replay.streamId();
		this.listening = this.streams.listen(replay.streamId(), this::live);
		for (StoredEvent event : replay.events()) {
			send(event);
		}
		this.replayed = true;
		List<StoredEvent> arrived = new ArrayList<>(this.early);
		this.early.clear();
		arrived.forEach(this::send);
		this.client.flush();
		if (!this.done) {
			this.producerCheck = this.streams.every(PRODUCER_CHECK, this::checkProducer);
		}
	}

	/** Ends the stream with an error for its request once no process will answer it. */
	private synchronized void checkProducer() {
		if (this.done || !this.streams.producerGone(this.streamId)) {
			return;
		}
		try {
			this.streams.replay(this.sessionId, EventIds.of(this.streamId, this.lastSequence))
				.ifPresent(missed -> missed.events().forEach(this::send));
		}
		catch (RuntimeException ex) {
			// the error below still ends the stream
		}
		if (this.done) {
			return;
		}
		Optional<String> requestId = ResumableStreams.requestIdOf(this.streamId);
		if (requestId.isEmpty()) {
			finish();
			return;
		}
		String error = "{\"jsonrpc\":\"2.0\",\"id\":" + requestId.get() + ",\"error\":{\"code\":" + PRODUCER_GONE
				+ ",\"message\":\"The server that ran this request stopped before it answered; the request may be "
				+ "sent again\"}}";
		try {
			this.streams.append(this.sessionId, this.streamId, error);
		}
		catch (RuntimeException ex) {
			this.client.write("event: message\ndata: " + error + "\n\n");
			this.client.flush();
			finish();
		}
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
		return this.streams.isAnswer(data);
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
		if (this.producerCheck != null) {
			this.producerCheck.cancel(false);
		}
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
