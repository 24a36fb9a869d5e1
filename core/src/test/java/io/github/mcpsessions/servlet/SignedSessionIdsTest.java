package io.github.mcpsessions.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.CountingSessionRepository;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.TestMcpServer;

/** With signed ids, made-up ids are refused before the store, and a restart with the same secret keeps sessions. */
class SignedSessionIdsTest {

	private static final byte[] SECRET = "the replicas' shared secret, 32 bytes+".getBytes(StandardCharsets.UTF_8);

	private final CountingSessionRepository store = new CountingSessionRepository(new InMemorySessionRepository());

	@Test
	void madeUpIdsCostNoStoreLookupAndRealOnesSurviveARestart() {
		String sessionId;
		try (TestMcpServer first = TestMcpServer.builder(this.store).sessionIdSecret(SECRET).start()) {
			sessionId = RawMcpHttp.initialize(first.url());
			this.store.reset();

			HttpResponse<String> forged = RawMcpHttp.post(first.url(), SessionIds.generate(), RawMcpHttp.toolCall(2, "whoami"));

			assertThat(forged.statusCode()).isEqualTo(404);
			assertThat(forged.body()).contains("\"code\":-32001");
			assertThat(this.store.calls("findById")).isZero();
		}
		try (TestMcpServer second = TestMcpServer.builder(this.store).sessionIdSecret(SECRET).start()) {
			assertThat(RawMcpHttp.post(second.url(), sessionId, RawMcpHttp.toolCall(3, "whoami")).body())
				.contains(sessionId + " restored=true");
		}
		try (TestMcpServer otherSecret = TestMcpServer.builder(this.store)
			.sessionIdSecret("a different secret, thirty-two bytes".getBytes(StandardCharsets.UTF_8))
			.start()) {
			this.store.reset();
			assertThat(RawMcpHttp.post(otherSecret.url(), sessionId, RawMcpHttp.toolCall(4, "whoami")).statusCode())
				.isEqualTo(404);
			assertThat(this.store.calls("findById")).isZero();
		}
	}

}
