package io.github.mcpsessions.events;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.github.mcpsessions.health.Readiness;

/**
 * Keeps the events of a session's SSE streams, so that a client whose stream broke (a proxy's read
 * timeout, a replica that stopped) resumes it with {@code Last-Event-ID} and gets every event it
 * missed, once and in order, on whichever replica it reconnects to (MCP 2025-11-25, SEP-1699).
 *
 * <p>An event's id names its stream and its place in it ({@code <streamId>_<sequence>}), so a
 * {@code Last-Event-ID} alone says where to resume; stream ids are unguessable and a replay also
 * checks that the stream is the asking session's. Each stream keeps a bounded number of events and
 * events are kept for a bounded time ({@link #deleteOlderThan}, run by a cleaner as for sessions).
 *
 * <p>Implementations are thread-safe; every method may block on I/O and throws
 * {@link io.github.mcpsessions.repository.SessionStoreException} when the store cannot be reached.
 *
 * @since 0.1.0
 */
public interface EventStore {

	/**
	 * Stores {@code data} as the next event of {@code streamId}, a stream of {@code sessionId}
	 * (created on its first event), before it is written to the client.
	 * @return the event's id: unique, and ordered within its stream
	 */
	String append(String sessionId, String streamId, String data);

	/**
	 * The events of the stream {@code lastEventId} belongs to that came after it, oldest first, at
	 * most {@code limit}. Empty when the id is malformed or unknown, when that event is no longer kept
	 * (events after it may be gone too, so a replay could not be whole), or when the stream is not
	 * {@code sessionId}'s.
	 */
	Optional<Replay> eventsAfter(String sessionId, String lastEventId, int limit);

	/** Forgets every stream of a session that ended. */
	void deleteSession(String sessionId);

	/**
	 * Deletes events stored before {@code cutoff}, at most about {@code limit} of them.
	 * @return how many were deleted
	 */
	int deleteOlderThan(Instant cutoff, int limit);

	/**
	 * Whether this store can serve: one built while its server is down is not ready until it reached
	 * it (and created its schema, if asked) in the background. Cheap: no call to the server. Default: ready.
	 */
	default Readiness readiness() {
		return Readiness.READY;
	}

	/** Where a {@code Last-Event-ID} resumes: its stream, and the events after it. */
	record Replay(String streamId, List<StoredEvent> events) {

		public Replay {
			events = List.copyOf(events);
		}

	}

	/** One stored event: its id (what the client sends back as {@code Last-Event-ID}) and its data. */
	record StoredEvent(String id, String data) {
	}

}
