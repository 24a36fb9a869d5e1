package io.github.mcpsessions.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.mcpsessions.internal.session.SessionIds;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.CountingSessionRepository;
import io.github.mcpsessions.testing.RawMcpHttp;

/** What Spring AI's provider answers with errors comes back as JSON-RPC error objects, and a store outage is a 503. */
class SpringErrorsTest {

	private final CountingSessionRepository store = new CountingSessionRepository(new InMemorySessionRepository());

	@Test
	void unknownAndMissingSessionIdsGetJsonRpcErrorsWithoutStackTraces() {
		try (ConfigurableApplicationContext context = SpringMcpApp.start(0, SpringMcpApp.NO_DATA_SOURCE, Map.of("sessions", this.store))) {
			HttpResponse<String> unknown = RawMcpHttp.post(SpringMcpApp.url(context), SessionIds.generate(),
					RawMcpHttp.toolCall(1, "whoami"));
			HttpResponse<String> missing = RawMcpHttp.post(SpringMcpApp.url(context), null, RawMcpHttp.toolCall(2, "whoami"));

			assertThat(unknown.statusCode()).isEqualTo(404);
			assertThat(unknown.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":").contains("Session not found");
			assertThat(missing.statusCode()).isEqualTo(400);
			assertThat(missing.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":").doesNotContain("Exception");
		}
	}

	@Test
	void aSessionThisInstanceDoesNotHoldGets503WhileTheStoreIsDown() {
		String sessionId;
		try (ConfigurableApplicationContext first = SpringMcpApp.start(0, SpringMcpApp.NO_DATA_SOURCE, Map.of("sessions", this.store))) {
			sessionId = RawMcpHttp.initialize(SpringMcpApp.url(first));
		}
		try (ConfigurableApplicationContext second = SpringMcpApp.start(0, SpringMcpApp.NO_DATA_SOURCE, Map.of("sessions", this.store))) {
			this.store.goDown();

			HttpResponse<String> down = RawMcpHttp.post(SpringMcpApp.url(second), sessionId, RawMcpHttp.toolCall(3, "whoami"));

			assertThat(down.statusCode()).isEqualTo(503);
			assertThat(down.headers().firstValue("Retry-After")).contains("5");
			assertThat(down.body()).contains("session store is unavailable");
			this.store.comeBack();
			assertThat(RawMcpHttp.post(SpringMcpApp.url(second), sessionId, RawMcpHttp.toolCall(4, "whoami")).body())
				.contains("restored=true");
		}
	}

}
