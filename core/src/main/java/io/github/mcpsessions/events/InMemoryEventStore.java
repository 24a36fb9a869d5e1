package io.github.mcpsessions.events;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.mcpsessions.internal.SettingChecks;
import io.github.mcpsessions.internal.streams.EventIds;

/**
 * An {@link EventStore} in this process's memory: streams resume after a broken connection, but not
 * on another replica nor after a restart. For one instance and for tests.
 *
 * @since 0.1.0
 */
public final class InMemoryEventStore implements EventStore {

	private final ConcurrentHashMap<String, Stream> streams = new ConcurrentHashMap<>();

	private final int maxEventsPerStream;

	private final Clock clock;

	private InMemoryEventStore(Builder builder) {
		this.maxEventsPerStream = builder.maxEventsPerStream;
		this.clock = builder.clock;
	}

	/** A store keeping at most 1,000 events per stream. */
	public InMemoryEventStore() {
		this(builder());
	}

	public static Builder builder() {
		return new Builder();
	}

	@Override
	public String append(String sessionId, String streamId, String data) {
		Objects.requireNonNull(sessionId, "sessionId");
		Objects.requireNonNull(data, "data");
		Stream stream = this.streams.computeIfAbsent(EventIds.checkStreamId(streamId), id -> new Stream(sessionId));
		synchronized (stream) {
			long sequence = ++stream.lastSequence;
			stream.events.addLast(new Event(sequence, data, this.clock.instant()));
			while (stream.events.size() > this.maxEventsPerStream) {
				stream.events.removeFirst();
			}
			return EventIds.of(streamId, sequence);
		}
	}

	@Override
	public Optional<Replay> eventsAfter(String sessionId, String lastEventId, int limit) {
		EventIds.Parsed last = EventIds.parse(lastEventId);
		Stream stream = last == null ? null : this.streams.get(last.streamId());
		if (stream == null || !stream.sessionId.equals(sessionId)) {
			return Optional.empty();
		}
		synchronized (stream) {
			if (stream.events.stream().noneMatch(event -> event.sequence() == last.sequence())) {
				return Optional.empty();
			}
			List<StoredEvent> after = new ArrayList<>();
			for (Event event : stream.events) {
				if (event.sequence() > last.sequence() && after.size() < limit) {
					after.add(new StoredEvent(EventIds.of(last.streamId(), event.sequence()), event.data()));
				}
			}
			return Optional.of(new Replay(last.streamId(), after));
		}
	}

	@Override
	public void deleteSession(String sessionId) {
		this.streams.values().removeIf(stream -> stream.sessionId.equals(sessionId));
	}

	@Override
	public int deleteOlderThan(Instant cutoff, int limit) {
		int deleted = 0;
		for (Iterator<Stream> streams = this.streams.values().iterator(); streams.hasNext() && deleted < limit;) {
			Stream stream = streams.next();
			synchronized (stream) {
				while (!stream.events.isEmpty() && stream.events.getFirst().storedAt().isBefore(cutoff) && deleted < limit) {
					stream.events.removeFirst();
					deleted++;
				}
				if (stream.events.isEmpty()) {
					streams.remove();
				}
			}
		}
		return deleted;
	}

	private static final class Stream {

		private final String sessionId;

		private final ArrayDeque<Event> events = new ArrayDeque<>();

		private long lastSequence;

		private Stream(String sessionId) {
			this.sessionId = sessionId;
		}

	}

	private record Event(long sequence, String data, Instant storedAt) {
	}

	/** Configures an {@link InMemoryEventStore}. */
	public static final class Builder {

		private int maxEventsPerStream = 1_000;

		private Clock clock = Clock.systemUTC();

		private Builder() {
		}

		/** How many events a stream keeps (default 1,000); older ones are dropped as new ones come. */
		public Builder maxEventsPerStream(int maxEventsPerStream) {
			this.maxEventsPerStream = (int) SettingChecks.atLeastOne("maxEventsPerStream", maxEventsPerStream);
			return this;
		}

		/** The clock events are stamped with (default UTC system clock); tests inject their own. */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		public InMemoryEventStore build() {
			return new InMemoryEventStore(this);
		}

	}

}
