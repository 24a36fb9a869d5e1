package io.github.mcpsessions.internal.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.events.InMemoryEventStore;

class RequestStreamResumptionTest {

	@Test
	void anEventStoredBetweenTheReplayAndTheListeningIsSentOnceInOrder() {
		try (ResumableStreams streams = new ResumableStreams(new InMemoryEventStore(), Duration.ofSeconds(1), Set.of(),
				Duration.ofMinutes(10), Duration.ZERO, "abcd1234", data -> data.contains("\"result\""),
				Clock.systemUTC())) {
			String stream = streams.newStreamId(false, "7");
			streams.started(stream);
			String first = streams.append("session-1", stream, "first");
			EventStore.Replay replay = streams.replay("session-1", first).orElseThrow();
			streams.append("session-1", stream, "second");
			RecordingClient client = new RecordingClient();
			RequestStreamResumption resumption = new RequestStreamResumption(streams, "session-1", client);

			resumption.start(replay, first);
			streams.append("session-1", stream, "{\"id\":7,\"result\":{}}");

			assertThat(client.sent).hasSize(2);
			assertThat(client.sent.get(0)).contains("data: second");
			assertThat(client.sent.get(1)).contains("\"result\"");
			assertThat(client.ended).isTrue();
		}
	}

	private static final class RecordingClient implements ResumableStream.Client {

		private final List<String> sent = new CopyOnWriteArrayList<>();

		private volatile boolean ended;

		@Override
		public void send(String text) {
			this.sent.add(text);
		}

		@Override
		public void end() {
			this.ended = true;
		}

	}

}
