package io.github.mcpsessions.internal.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.events.InMemoryEventStore;
import io.github.mcpsessions.testing.MutableClock;

class ResumableStreamsRetentionTest {

	@Test
	void deletesEventsOlderThanTheRetention() {
		MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
		InMemoryEventStore store = InMemoryEventStore.builder().clock(clock).build();
		try (ResumableStreams streams = new ResumableStreams(store, Duration.ofSeconds(1), Set.of(), Duration.ofSeconds(2),
				clock)) {
			String stream = streams.newStreamId(false);
			String first = streams.append("session-1", stream, "");
			streams.append("session-1", stream, "{}");
			assertThat(streams.replay("session-1", first)).isPresent();

			clock.advance(Duration.ofSeconds(3));

			await().atMost(Duration.ofSeconds(5)).until(() -> streams.replay("session-1", first).isEmpty());
		}
	}

	@Test
	void handsNewEventsToTheClientsThatResumedTheStream() throws Exception {
		try (ResumableStreams streams = new ResumableStreams(new InMemoryEventStore(), Duration.ofSeconds(1), Set.of(),
				Duration.ofMinutes(10), java.time.Clock.systemUTC())) {
			String stream = streams.newStreamId(false);
			java.util.List<String> heard = new java.util.ArrayList<>();
			AutoCloseable listening = streams.listen(stream, event -> heard.add(event.data()));
			streams.append("session-1", stream, "one");
			listening.close();
			streams.append("session-1", stream, "two");

			assertThat(heard).containsExactly("one");
			assertThat(ResumableStreams.isListeningStream(streams.newStreamId(true))).isTrue();
		}
	}

}
