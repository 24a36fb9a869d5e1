package io.github.mcpsessions.internal.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.events.EventStore.StoredEvent;
import io.github.mcpsessions.internal.streams.EventIds;

/**
 * A client that resumed a request's stream with {@code Last-Event-ID}, whatever the web stack: the
 * events it missed from the store, then the stream's new ones as they are stored (here or, over the
 * bus, on the replica that runs the call), until the request's response has been sent. If the
 * process that ran the call is gone (stopped, crashed or restarted, so no answer will come), the
 * stream ends with a JSON-RPC error for the request, stored like its other events.
 */
public final class RequestStreamResumption {

	/** The JSON-RPC error code of a request whose server stopped before it answered. */
	public static final int PRODUCER_GONE = -32603;

	private static final Duration PRODUCER_CHECK = Duration.ofSeconds(1);

	private final ResumableStreams streams;

	private final String sessionId;

	private final ResumableStream.Client client;

	private final List<StoredEvent> early = new ArrayList<>();

	private String streamId;

	private boolean replayed;

	private boolean done;

	private long lastSequence = -1;

	private AutoCloseable listening;

	private ScheduledFuture<?> producerCheck;

	public RequestStreamResumption(ResumableStreams streams, String sessionId, ResumableStream.Client client) {
		this.streams = streams;
		this.sessionId = sessionId;
		this.client = client;
	}

	/** Sends what the client missed after {@code lastEventId}, then goes on live. */
	public synchronized void start(EventStore.Replay replay, String lastEventId) {
		this.lastSequence = ResumableStreams.sequence(lastEventId);
		this.streamId = replay.streamId();
		this.listening = this.streams.listen(replay.streamId(), this::live);
		for (StoredEvent event : replay.events()) {
			send(event);
		}
		catchUp();
		this.replayed = true;
		List<StoredEvent> arrived = new ArrayList<>(this.early);
		this.early.clear();
		arrived.forEach(this::send);
		if (!this.done) {
			this.producerCheck = this.streams.every(PRODUCER_CHECK, this::checkProducer);
		}
	}

	/** The client is gone, or waited too long: nothing more is sent. */
	public synchronized void stop() {
		this.done = true;
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

	private synchronized void checkProducer() {
		if (this.done || !this.streams.producerGone(this.streamId)) {
			return;
		}
		catchUp();
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
			sendText("event: message\ndata: " + error + "\n\n");
			finish();
		}
	}

	/** Sends what was stored after the last event sent: events stored before this resumption listened. */
	private void catchUp() {
		if (this.done) {
			return;
		}
		try {
			this.streams.replay(this.sessionId, EventIds.of(this.streamId, this.lastSequence))
				.ifPresent(missed -> missed.events().forEach(this::send));
		}
		catch (RuntimeException ex) {
			// the live events or the producer check go on
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
		sendText(ResumableStreams.sseEvent(event.id(), "message", event.data()));
		if (this.streams.isAnswer(event.data())) {
			finish();
		}
	}

	private void sendText(String text) {
		try {
			this.client.send(text);
		}
		catch (RuntimeException ex) {
			stop();
		}
	}

	private void finish() {
		if (this.done) {
			return;
		}
		stop();
		try {
			this.client.end();
		}
		catch (RuntimeException ex) {
			// the client is gone already
		}
	}

}
