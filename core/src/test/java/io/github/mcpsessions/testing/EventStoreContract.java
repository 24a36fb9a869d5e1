package io.github.mcpsessions.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.events.EventStore.StoredEvent;

/**
 * The promises every {@link EventStore} keeps: ids ordered within a stream, replay after any id of a
 * live stream, nothing for other sessions, malformed, unknown or trimmed ids, retention by count and by
 * age. Each store's test extends it.
 */
public abstract class EventStoreContract {

	protected static final int MAX_EVENTS_PER_STREAM = 5;

	protected final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

	/** A store keeping {@link #MAX_EVENTS_PER_STREAM} events per stream, stamping events with {@link #clock}. */
	protected abstract EventStore store();

	/** Whether the store deletes old events by itself (key expiry), so {@link EventStore#deleteOlderThan} has nothing to do. */
	protected boolean expiresEventsItself() {
		return false;
	}

	private static String stream() {
		return "s" + java.util.UUID.randomUUID().toString().replace("-", "");
	}

	@Test
	void replaysTheEventsAfterAnIdInOrder() {
		EventStore store = store();
		String stream = stream();
		String first = store.append("session-1", stream, "");
		String second = store.append("session-1", stream, "{\"n\":1}");
		store.append("session-1", stream, "{\"n\":2}");

		EventStore.Replay replay = store.eventsAfter("session-1", first, 100).orElseThrow();

		assertThat(replay.streamId()).isEqualTo(stream);
		assertThat(replay.events()).extracting(StoredEvent::data).containsExactly("{\"n\":1}", "{\"n\":2}");
		assertThat(replay.events().get(0).id()).isEqualTo(second);
		assertThat(store.eventsAfter("session-1", replay.events().get(1).id(), 100).orElseThrow().events()).isEmpty();
		assertThat(store.eventsAfter("session-1", first, 1).orElseThrow().events()).hasSize(1);
	}

	@Test
	void keepsStreamsApart() {
		EventStore store = store();
		String a = stream();
		String b = stream();
		String firstOfA = store.append("session-1", a, "a1");
		store.append("session-1", b, "b1");
		store.append("session-1", a, "a2");

		assertThat(store.eventsAfter("session-1", firstOfA, 100).orElseThrow().events()).extracting(StoredEvent::data)
			.containsExactly("a2");
	}

	@Test
	void replaysNothingForAnotherSessionOrAMalformedOrUnknownId() {
		EventStore store = store();
		String stream = stream();
		String first = store.append("session-1", stream, "one");
		store.append("session-1", stream, "two");

		assertThat(store.eventsAfter("session-2", first, 100)).isEmpty();
		assertThat(store.eventsAfter("session-1", "not an event id", 100)).isEmpty();
		assertThat(store.eventsAfter("session-1", null, 100)).isEmpty();
		assertThat(store.eventsAfter("session-1", stream() + "_1", 100)).isEmpty();
		assertThat(store.eventsAfter("session-1", stream + "_99", 100)).isEmpty();
	}

	@Test
	void keepsAtMostTheConfiguredEventsPerStreamAndRefusesToReplayOverAGap() {
		EventStore store = store();
		String stream = stream();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < MAX_EVENTS_PER_STREAM + 3; i++) {
			ids.add(store.append("session-1", stream, "e" + i));
		}

		assertThat(store.eventsAfter("session-1", ids.get(2), 100)).isEmpty();
		assertThat(store.eventsAfter("session-1", ids.get(3), 100).orElseThrow().events()).extracting(StoredEvent::data)
			.containsExactly("e4", "e5", "e6", "e7");
	}

	@Test
	void deletesEventsOlderThanACutoffAndTheStreamsOfAnEndedSession() {
		EventStore store = store();
		String old = stream();
		String recent = stream();
		String oldId = store.append("session-1", old, "old");
		this.clock.advance(Duration.ofMinutes(10));
		String recentId = store.append("session-2", recent, "recent");
		store.append("session-2", recent, "recent too");

		store.deleteSession("session-2");

		assertThat(store.eventsAfter("session-2", recentId, 100)).isEmpty();
		if (expiresEventsItself()) {
			return;
		}
		assertThat(store.deleteOlderThan(this.clock.instant().minus(Duration.ofMinutes(5)), 100)).isEqualTo(1);
		assertThat(store.eventsAfter("session-1", oldId, 100)).isEmpty();
	}

	@Test
	void givesConcurrentAppendsUniqueOrderedIds() throws InterruptedException {
		EventStore store = store();
		String stream = stream();
		String first = store.append("session-1", stream, "start");
		Set<String> ids = ConcurrentHashMap.newKeySet();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		CountDownLatch done = new CountDownLatch(4);
		for (int t = 0; t < 4; t++) {
			pool.execute(() -> {
				ids.add(store.append("session-1", stream, "x"));
				done.countDown();
			});
		}
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		pool.shutdown();

		assertThat(ids).hasSize(4);
		assertThat(store.eventsAfter("session-1", first, 100).orElseThrow().events()).extracting(StoredEvent::id)
			.containsExactlyInAnyOrderElementsOf(ids);
	}

	@Test
	void refusesAStreamIdOfAnotherShape() {
		assertThatIllegalArgumentException().isThrownBy(() -> store().append("session-1", "short", "x"));
	}

}
