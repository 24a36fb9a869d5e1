package io.github.mcpsessions.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.CountingSessionRepository;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.TestMcpServer;

/** A store that is down costs a retry, never a session: 503 with Retry-After, never 404. */
class StoreUnavailableTest {

	private final CountingSessionRepository store = new CountingSessionRepository(new InMemorySessionRepository());

	@Test
	void restoreWithTheStoreDownGets503ThenWorksWhenItIsBack() {
		String sessionId;
		try (TestMcpServer first = TestMcpServer.builder(this.store).start()) {
			sessionId = RawMcpHttp.initialize(first.url());
		}
		try (TestMcpServer second = TestMcpServer.builder(this.store).start()) {
			this.store.goDown();

			HttpResponse<String> down = RawMcpHttp.post(second.url(), sessionId, RawMcpHttp.toolCall(1, "whoami"));

			assertThat(down.statusCode()).isEqualTo(503);
			assertThat(down.headers().firstValue("Retry-After")).contains("5");
			assertThat(down.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":")
				.contains("session store is unavailable")
				.doesNotContain("Exception");

			this.store.comeBack();
			HttpResponse<String> back = RawMcpHttp.post(second.url(), sessionId, RawMcpHttp.toolCall(2, "whoami"));
			assertThat(back.statusCode()).isEqualTo(200);
			assertThat(back.body()).contains(sessionId + " restored=true");
		}
	}

	@Test
	void aSessionHeldHereKeepsWorkingWhileTheStoreIsDown() {
		try (TestMcpServer server = TestMcpServer.builder(this.store).start()) {
			String sessionId = RawMcpHttp.initialize(server.url());
			this.store.goDown();

			HttpResponse<String> response = RawMcpHttp.post(server.url(), sessionId, RawMcpHttp.toolCall(1, "whoami"));

			assertThat(response.statusCode()).isEqualTo(200);
			this.store.comeBack();
		}
	}

	@Test
	void initializeWithTheStoreDownGets503AndLeavesNoSessionBehind() {
		try (TestMcpServer server = TestMcpServer.builder(this.store).start()) {
			this.store.goDown();

			HttpResponse<String> response = RawMcpHttp.post(server.url(), null, RawMcpHttp.INITIALIZE);

			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).contains("5");
			assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
			assertThat(response.body()).contains("no session was created").doesNotContain("Exception");
			assertThat(server.provider().heldSessionCount()).isZero();
			this.store.comeBack();
			assertThat(RawMcpHttp.initialize(server.url())).isNotBlank();
		}
	}

}
