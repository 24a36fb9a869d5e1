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
		try (ResumableStreams streams = streams(store, Duration.ofSeconds(2), clock)) {
			String stream = streams.newStreamId(false, "7");
			String first = streams.append("session-1", stream, "");
			streams.append("session-1", stream, "{}");
			assertThat(streams.replay("session-1", first)).isPresent();

			clock.advance(Duration.ofSeconds(3));

			await().atMost(Duration.ofSeconds(5)).until(() -> streams.replay("session-1", first).isEmpty());
		}
	}

	@Test
	void handsNewEventsToTheClientsThatResumedTheStream() throws Exception {
		try (ResumableStreams streams = streams(new InMemoryEventStore(), Duration.ofMinutes(10), java.time.Clock.systemUTC())) {
			String stream = streams.newStreamId(false, "7");
			java.util.List<String> heard = new java.util.ArrayList<>();
			AutoCloseable listening = streams.listen(stream, event -> heard.add(event.data()));
			streams.append("session-1", stream, "one");
			listening.close();
			streams.append("session-1", stream, "two");

			assertThat(heard).containsExactly("one");
			assertThat(ResumableStreams.isListeningStream(streams.newStreamId(true, null))).isTrue();
		}
	}

	@Test
	void aStreamIdNamesItsProducerAndItsRequest() {
		try (ResumableStreams streams = streams(new InMemoryEventStore(), Duration.ofMinutes(10), java.time.Clock.systemUTC())) {
			String stream = streams.newStreamId(false, "\"a1b2c3d4-17\"");
			String longId = streams.newStreamId(false, "\"" + "x".repeat(40) + "\"");
			String other = "p" + "zzzzzzzz" + stream.substring(9);

			assertThat(stream).startsWith("pabcd1234").hasSizeLessThanOrEqualTo(64);
			assertThat(ResumableStreams.requestIdOf(stream)).contains("\"a1b2c3d4-17\"");
			assertThat(ResumableStreams.requestIdOf(longId)).isEmpty();
			assertThat(ResumableStreams.requestIdOf(streams.newStreamId(true, null))).isEmpty();
			assertThat(streams.producerGone(stream)).isTrue();
			streams.started(stream);
			assertThat(streams.producerGone(stream)).isFalse();
			streams.finished(stream);
			assertThat(streams.producerGone(stream)).isTrue();
			assertThat(streams.producerGone(other)).isTrue();
			streams.producersAliveBy("zzzzzzzz"::equals);
			assertThat(streams.producerGone(other)).isFalse();
		}
	}

	@Test
	void pollingToolsAreNamedOrEveryTool() {
		try (ResumableStreams some = new ResumableStreams(new InMemoryEventStore(), Duration.ofSeconds(1), Set.of("export"),
				Duration.ofMinutes(10), Duration.ZERO, "abcd1234", data -> false, java.time.Clock.systemUTC());
				ResumableStreams all = new ResumableStreams(new InMemoryEventStore(), Duration.ofSeconds(1), Set.of("*"),
						Duration.ofMinutes(10), Duration.ZERO, "abcd1234", data -> false, java.time.Clock.systemUTC())) {
			assertThat(some.polls("export")).isTrue();
			assertThat(some.polls("other")).isFalse();
			assertThat(all.polls("other")).isTrue();
			assertThat(all.polls(null)).isFalse();
		}
	}

	private static ResumableStreams streams(InMemoryEventStore store, Duration retention, java.time.Clock clock) {
		return new ResumableStreams(store, Duration.ofSeconds(1), Set.of(), retention, Duration.ZERO, "abcd1234",
				data -> data.contains("\"result\""), clock);
	}

}
