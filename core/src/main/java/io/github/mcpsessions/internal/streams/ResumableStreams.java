package io.github.mcpsessions.internal.streams;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.events.EventStore.StoredEvent;
import io.github.mcpsessions.internal.events.EventIds;

/**
 * What the adapters share to make SSE streams resumable: new stream ids, storing each event before
 * it is written, replaying after a {@code Last-Event-ID}, and handing a stream's new events to the
 * clients that resumed it (in this process; other replicas' events come over the bus).
 */
public final class ResumableStreams implements AutoCloseable {

	/** How many events one replay sends at most. */
	public static final int REPLAY_LIMIT = 10_000;

	private static final int CLEANUP_BATCH = 1_000;

	private static final Logger logger = LoggerFactory.getLogger(ResumableStreams.class);

	private static final char POST_STREAM = 'p';

	private static final char LISTENING_STREAM = 'g';

	private final EventStore store;

	private final Duration retry;

	private final Set<String> pollingTools;

	private final SecureRandom random = new SecureRandom();

	private final ConcurrentHashMap<String, List<Consumer<StoredEvent>>> listeners = new ConcurrentHashMap<>();

	private volatile Consumer<StreamEvent> relay = event -> {
	};

	private final ScheduledExecutorService cleaner;

	/**
	 * @param retention how long events are kept; older ones are deleted in batches every
	 * {@code retention / 2} (at most every minute)
	 */
	public ResumableStreams(EventStore store, Duration retry, Set<String> pollingTools, Duration retention, Clock clock) {
		this.store = Objects.requireNonNull(store, "store");
		this.retry = Objects.requireNonNull(retry, "retry");
		this.pollingTools = Set.copyOf(pollingTools);
		this.cleaner = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "mcp-sessions-event-cleaner");
			thread.setDaemon(true);
			return thread;
		});
		long every = Math.max(1_000, Math.min(retention.toMillis() / 2, 60_000));
		this.cleaner.scheduleWithFixedDelay(() -> deleteOlderThan(clock.instant().minus(retention)), every, every,
				TimeUnit.MILLISECONDS);
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
		this.cleaner.shutdownNow();
	}

	/** Sends every stored event on to other replicas too (the replica bus). */
	public void relayTo(Consumer<StreamEvent> relay) {
		this.relay = Objects.requireNonNull(relay, "relay");
	}

	/** A new stream's id: 128 random bits, marked as a POST response stream or a listening (GET) stream. */
	public String newStreamId(boolean listening) {
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		return (listening ? LISTENING_STREAM : POST_STREAM) + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
		return tool != null && this.pollingTools.contains(tool);
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
