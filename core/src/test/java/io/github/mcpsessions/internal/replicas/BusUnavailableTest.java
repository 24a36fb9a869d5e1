package io.github.mcpsessions.internal.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.TestMcpServer;

/** A client's answer that must travel to another replica, with the bus down: 503 and Retry-After, so the client sends it again. */
class BusUnavailableTest {

	private static final class DownBus implements SessionMessageBus {

		@Override
		public void publish(String frame) {
			throw new SessionStoreException("bus down");
		}

		@Override
		public void subscribe(Consumer<String> subscriber) {
		}

		@Override
		public void close() {
		}

	}

	@Test
	void anAnswerThatCannotBeForwardedGets503() {
		try (TestMcpServer server = TestMcpServer.builder(new InMemorySessionRepository()).messageBus(new DownBus()).start()) {
			String sessionId = RawMcpHttp.initialize(server.url());

			HttpResponse<String> answer = RawMcpHttp.post(server.url(), sessionId,
					"{\"jsonrpc\":\"2.0\",\"id\":\"elsewhere-1\",\"result\":{}}");

			assertThat(answer.statusCode()).isEqualTo(503);
			assertThat(answer.headers().firstValue("Retry-After")).contains("5");
			assertThat(answer.body()).contains("session store is unavailable").doesNotContain("Exception");
			assertThat(RawMcpHttp.post(server.url(), sessionId, RawMcpHttp.toolCall(2, "whoami")).statusCode()).isEqualTo(200);
		}
	}

}
