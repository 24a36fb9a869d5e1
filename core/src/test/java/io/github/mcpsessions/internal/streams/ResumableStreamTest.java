package io.github.mcpsessions.internal.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.events.InMemoryEventStore;
import io.github.mcpsessions.internal.jsonrpc.JsonRpcBody;

class ResumableStreamTest {

	private static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[]}}";

	private final InMemoryEventStore store = new InMemoryEventStore();

	@Test
	void aQuickAnswerGoesOutAsTheSdkWroteItWithoutAnIdAndIsNotStored() {
		try (ResumableStreams streams = streams(Duration.ofSeconds(5))) {
			List<String> sent = new CopyOnWriteArrayList<>();
			ResumableStream stream = request(streams, sent);

			stream.write("id: session-1\nevent: message\n");
			stream.write(("data: " + ANSWER + "\n\n").toCharArray(), 0, ANSWER.length() + 8);
			stream.flush();
			stream.finished();

			assertThat(sent).containsExactly("event: message\ndata: " + ANSWER + "\n\n");
		}
	}

	@Test
	void aStreamWithNothingToSendIsPrimedOnceTheDelayHasPassedEachTime() {
		try (ResumableStreams streams = streams(Duration.ofMillis(50))) {
			for (int call = 0; call < 2; call++) {
				List<String> sent = new CopyOnWriteArrayList<>();
				ResumableStream stream = request(streams, sent);

				stream.flush();

				await().atMost(Duration.ofSeconds(5)).until(() -> !sent.isEmpty());
				assertThat(sent.get(0)).startsWith("id: p").contains("\nretry: 1000\ndata: \n\n");
				stream.write("event: message\ndata: " + ANSWER + "\n\n");
				assertThat(sent).hasSize(2);
				assertThat(sent.get(1)).startsWith("id: p").endsWith("data: " + ANSWER + "\n\n");
				stream.finished();
			}
		}
	}

	private ResumableStreams streams(Duration primingDelay) {
		return new ResumableStreams(this.store, Duration.ofSeconds(1), Set.of(), Duration.ofMinutes(10), primingDelay,
				"abcd1234", JsonRpcBody::isAnswer, Clock.systemUTC());
	}

	private static ResumableStream request(ResumableStreams streams, List<String> sent) {
		return new ResumableStream(streams, "session-1", ResumableStream.Kind.REQUEST, "7", null, false, List.of(),
				new ResumableStream.Client() {
					@Override
					public void send(String text) {
						sent.add(text);
					}

					@Override
					public void end() {
					}
				});
	}

}
