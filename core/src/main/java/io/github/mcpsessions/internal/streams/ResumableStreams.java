package io.github.mcpsessions.internal.streams;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.events.EventStore.StoredEvent;
import io.github.mcpsessions.internal.streams.EventIds;

/**
 * What the adapters share to make SSE streams resumable: new stream ids, storing each event before
 * it is written, replaying after a {@code Last-Event-ID}, and handing a stream's new events to the
 * clients that resumed it (in this process; other replicas' events come over the bus).
 *
 * <p>A stream id names the process that produces the stream and, for a request's stream, the
 * request's JSON-RPC id: {@code <kind><producer, 8><random, 22>[<request id, base64url>]}. So any
 * replica that resumes a stream whose producer is gone (stopped, crashed, restarted) can end it
 * with the request's error response without another store read.
 */
public final class ResumableStreams implements AutoCloseable {

	/** How many events one replay sends at most. */
	public static final int REPLAY_LIMIT = 10_000;

	private static final int CLEANUP_BATCH = 1_000;

	private static final Logger logger = LoggerFactory.getLogger(ResumableStreams.class);

	private static final char POST_STREAM = 'p';

	private static final char LISTENING_STREAM = 'g';

	/** In {@code pollingTools}: every tool's calls poll. */
	public static final String EVERY_TOOL = "*";

	private static final int PRODUCER_LENGTH = 8;

	private static final int RANDOM_LENGTH = 22;

	private static final int MAX_REQUEST_ID_LENGTH = 64 - 1 - PRODUCER_LENGTH - RANDOM_LENGTH;

	private static final Pattern PRODUCER = Pattern.compile("[A-Za-z0-9]{" + PRODUCER_LENGTH + "}");

	private final EventStore store;

	private final String producerId;

	private final Duration primingDelay;

	private final Predicate<String> isAnswer;

	private final Set<String> producing = ConcurrentHashMap.newKeySet();

	private volatile Predicate<String> producerAlive = producer -> false;

	private final Duration retry;

	private final Set<String> pollingTools;

	private final SecureRandom random = new SecureRandom();

	private final ConcurrentHashMap<String, List<Consumer<StoredEvent>>> listeners = new ConcurrentHashMap<>();

	private volatile Consumer<StreamEvent> relay = event -> {
	};

	private final ScheduledExecutorService timers;

	private final Queue<DelayedPriming> awaitingPriming = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean sweeping = new AtomicBoolean();

	private final long sweepNanos;

	/**
	 * @param retention how long events are kept; older ones are deleted in batches every
	 * {@code retention / 2} (at most every minute)
	 * @param primingDelay how long a request's stream waits before it is primed (see the setting)
	 * @param producerId this process among the replicas (8 letters and digits)
	 * @param isAnswer whether an event's data is a JSON-RPC response
	 */
	public ResumableStreams(EventStore store, Duration retry, Set<String> pollingTools, Duration retention,
			Duration primingDelay, String producerId, Predicate<String> isAnswer, Clock clock) {
		this.store = Objects.requireNonNull(store, "store");
		this.retry = Objects.requireNonNull(retry, "retry");
		this.pollingTools = Set.copyOf(pollingTools);
		this.primingDelay = Objects.requireNonNull(primingDelay, "primingDelay");
		if (producerId == null || !PRODUCER.matcher(producerId).matches()) {
			throw new IllegalArgumentException("A producer id is " + PRODUCER_LENGTH + " letters and digits");
		}
		this.producerId = producerId;
		this.isAnswer = Objects.requireNonNull(isAnswer, "isAnswer");
		this.timers = Executors.newScheduledThreadPool(2, runnable -> {
			Thread thread = new Thread(runnable, "mcp-sessions-streams");
			thread.setDaemon(true);
			return thread;
		});
		long every = Math.max(1_000, Math.min(retention.toMillis() / 2, 60_000));
		this.timers.scheduleWithFixedDelay(() -> deleteOlderThan(clock.instant().minus(retention)), every, every,
				TimeUnit.MILLISECONDS);
		this.sweepNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(10), primingDelay.toNanos() / 4);
	}

	/**
	 * Runs {@code prime} once the priming delay has passed (within a quarter of it). One sweep
	 * serves every stream, so a call answered within the delay costs a queue entry, not a timer; it
	 * runs only while streams wait, so an idle server does not wake up for it.
	 */
	public void primeAfterDelay(Runnable prime) {
		this.awaitingPriming.add(new DelayedPriming(System.nanoTime() + this.primingDelay.toNanos(), prime));
		if (this.sweeping.compareAndSet(false, true)) {
			sweepIn(this.primingDelay.toNanos());
		}
	}

	private void primeDue() {
		long now = System.nanoTime();
		DelayedPriming next;
		while ((next = this.awaitingPriming.peek()) != null && next.dueNanos() - now <= 0) {
			this.awaitingPriming.poll();
			try {
				next.prime().run();
			}
			catch (RuntimeException ex) {
				logger.warn("A stream could not be primed: {}", ex.toString());
			}
		}
		if (next == null) {
			this.sweeping.set(false);
			if (this.awaitingPriming.isEmpty() || !this.sweeping.compareAndSet(false, true)) {
				return;
			}
			next = this.awaitingPriming.peek();
		}
		sweepIn(next == null ? 0 : Math.max(this.sweepNanos, next.dueNanos() - now));
	}

	private void sweepIn(long nanos) {
		try {
			this.timers.schedule(this::primeDue, nanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// closed: nothing is primed any more
		}
	}

	private record DelayedPriming(long dueNanos, Runnable prime) {
	}

	private void deleteOlderThan(Instant cutoff) {
		try {
			while (this.store.deleteOlderThan(cutoff, CLEANUP_BATCH) >= CLEANUP_BATCH) {
				// more to delete
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Old stream events could not be deleted now; trying again later: {}", ex.toString());
		}
	}

	@Override
	public void close() {
		this.timers.shutdownNow();
	}

	/** Tells which other replicas are running, by their producer ids (the bus's heartbeats). */
	public void producersAliveBy(Predicate<String> alive) {
		this.producerAlive = Objects.requireNonNull(alive, "alive");
	}

	/** Sends every stored event on to other replicas too (the replica bus). */
	public void relayTo(Consumer<StreamEvent> relay) {
		this.relay = Objects.requireNonNull(relay, "relay");
	}

	/**
	 * A new stream's id: 128 random bits, marked as a POST response stream or a listening (GET)
	 * stream, naming this process and, if it is short enough, the request's id.
	 * @param requestId the JSON text of the request's id, or {@code null} for a listening stream
	 */
	public String newStreamId(boolean listening, String requestId) {
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String id = (listening ? LISTENING_STREAM : POST_STREAM) + this.producerId + base64.encodeToString(bytes);
		if (!listening && requestId != null) {
			String request = base64.encodeToString(requestId.getBytes(StandardCharsets.UTF_8));
			if (request.length() <= MAX_REQUEST_ID_LENGTH) {
				id += request;
			}
		}
		return id;
	}

	/** The JSON text of the id of the request whose stream this is, if the stream id carries it. */
	public static Optional<String> requestIdOf(String streamId) {
		int start = 1 + PRODUCER_LENGTH + RANDOM_LENGTH;
		if (streamId.length() <= start || isListeningStream(streamId)) {
			return Optional.empty();
		}
		try {
			return Optional.of(new String(Base64.getUrlDecoder().decode(streamId.substring(start)), StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/** A request's stream is being produced here until {@link #finished}. */
	public void started(String streamId) {
		this.producing.add(streamId);
	}

	/** The request's stream has ended here: its answer is written, or its call failed. */
	public void finished(String streamId) {
		this.producing.remove(streamId);
	}

	/**
	 * Whether no process produces this request stream any more: it was this process's and has
	 * ended, or its replica is no longer heard on the bus (or there is no bus and it was another
	 * process's). Its events are all stored by then, but its answer may never come.
	 */
	public boolean producerGone(String streamId) {
		if (streamId.length() < 1 + PRODUCER_LENGTH) {
			return true;
		}
		String producer = streamId.substring(1, 1 + PRODUCER_LENGTH);
		if (producer.equals(this.producerId)) {
			return !this.producing.contains(streamId);
		}
		return !this.producerAlive.test(producer);
	}

	/** Whether an event's data is a JSON-RPC response (the last event of a request's stream). */
	public boolean isAnswer(String data) {
		return this.isAnswer.test(data);
	}

	/** How long a request's stream waits before it is primed. */
	public Duration primingDelay() {
		return this.primingDelay;
	}

	/** Runs {@code task} every {@code period}, on this instance's timer threads, until it is cancelled. */
	public ScheduledFuture<?> every(Duration period, Runnable task) {
		return this.timers.scheduleWithFixedDelay(task, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
	}

	public static boolean isListeningStream(String streamId) {
		return streamId.charAt(0) == LISTENING_STREAM;
	}

	/** How long a client waits before it reconnects (the SSE {@code retry} field). */
	public Duration retry() {
		return this.retry;
	}

	/** Whether calls of {@code tool} get a stream closed after its priming event (the client polls). */
	public boolean polls(String tool) {
		return tool != null && (this.pollingTools.contains(tool) || this.pollingTools.contains(EVERY_TOOL));
	}

	/** Whether any tool is answered in polling mode. */
	public boolean polls() {
		return !this.pollingTools.isEmpty();
	}

	/** Stores an event, then hands it to the clients that resumed its stream here and on other replicas. */
	public String append(String sessionId, String streamId, String data) {
		String id = this.store.append(sessionId, streamId, data);
		StoredEvent event = new StoredEvent(id, data);
		deliver(streamId, event);
		this.relay.accept(new StreamEvent(streamId, event));
		return id;
	}

	/** An event another replica stored: handed to the clients that resumed its stream here. */
	public void deliver(String streamId, StoredEvent event) {
		List<Consumer<StoredEvent>> waiting = this.listeners.get(streamId);
		if (waiting != null) {
			waiting.forEach(listener -> listener.accept(event));
		}
	}

	/** The events after {@code lastEventId}, if it is a kept event of one of the session's streams. */
	public Optional<EventStore.Replay> replay(String sessionId, String lastEventId) {
		return this.store.eventsAfter(sessionId, lastEventId, REPLAY_LIMIT);
	}

	/** Hands {@code listener} the stream's events stored from now on, until the returned handle is closed. */
	public AutoCloseable listen(String streamId, Consumer<StoredEvent> listener) {
		this.listeners.computeIfAbsent(streamId, id -> new CopyOnWriteArrayList<>()).add(listener);
		return () -> this.listeners.computeIfPresent(streamId, (id, list) -> {
			list.remove(listener);
			return list.isEmpty() ? null : list;
		});
	}

	/** Forgets the streams of a session that ended. */
	public void sessionEnded(String sessionId) {
		this.store.deleteSession(sessionId);
	}

	/** An SSE event as the client reads it: its id, its type, its data (one {@code data:} line per line). */
	public static String sseEvent(String id, String type, String data) {
		return "id: " + id + "\nevent: " + type + "\ndata: " + data.replace("\n", "\ndata: ") + "\n\n";
	}

	/** The sequence of an event id within its stream, for ordering a replay against live events. */
	public static long sequence(String eventId) {
		EventIds.Parsed parsed = EventIds.parse(eventId);
		return parsed == null ? -1 : parsed.sequence();
	}

	/** An event of a stream, as relayed between replicas. */
	public record StreamEvent(String streamId, StoredEvent event) {
	}

}
