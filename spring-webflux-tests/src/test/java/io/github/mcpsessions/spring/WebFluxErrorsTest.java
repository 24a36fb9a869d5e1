package io.github.mcpsessions.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.CountingSessionRepository;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.transport.SessionPersistenceAdapter;

/** What only the WebFlux filter does itself: the store write at initialize, the body limit, DELETE's store call. */
class WebFluxErrorsTest {

	private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"initialize\",\"params\":{"
			+ "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

	private final CountingSessionRepository store = new CountingSessionRepository(new InMemorySessionRepository());

	@Test
	void initializeWhileTheStoreIsDownGets503AndNoSession() {
		try (ConfigurableApplicationContext context = start()) {
			this.store.goDown();

			HttpResponse<String> refused = RawMcpHttp.post(SpringMcpApp.url(context), null, INITIALIZE);

			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).contains("5");
			assertThat(refused.headers().firstValue("Mcp-Session-Id")).isEmpty();
			assertThat(refused.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":").contains("no session was created");
			assertThat(context.getBean(SessionPersistenceAdapter.class).heldSessionCount()).isZero();
			this.store.comeBack();
			assertThat(RawMcpHttp.initialize(SpringMcpApp.url(context))).isNotBlank();
		}
	}

	@Test
	void aDeleteTheStoreCannotRecordGets503AndKeepsTheSession() {
		try (ConfigurableApplicationContext context = start()) {
			String url = SpringMcpApp.url(context);
			String sessionId = RawMcpHttp.initialize(url);
			this.store.goDown();

			HttpResponse<String> refused = RawMcpHttp.delete(url, sessionId, Map.of());

			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.body()).contains("session store is unavailable");
			this.store.comeBack();
			assertThat(RawMcpHttp.post(url, sessionId, RawMcpHttp.toolCall(2, "whoami")).body()).contains(sessionId);
			assertThat(RawMcpHttp.delete(url, sessionId, Map.of()).statusCode()).isEqualTo(200);
			assertThat(RawMcpHttp.post(url, sessionId, RawMcpHttp.toolCall(3, "whoami")).statusCode()).isEqualTo(404);
		}
	}

	@Test
	void oversizedAndNonJsonRpcBodiesGetJsonRpcErrorsAndMalformedIdsNeverReachTheStore() {
		try (ConfigurableApplicationContext context = start()) {
			String url = SpringMcpApp.url(context);
			String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(5 * 1024 * 1024)
					+ "\"}}";
			HttpResponse<String> tooBig = RawMcpHttp.post(url, null, huge);
			HttpResponse<String> notJsonRpc = RawMcpHttp.post(url, null, "{\"pad\":[1,2,3]}");
			this.store.reset();
			HttpResponse<String> malformed = RawMcpHttp.post(url, "'; DROP TABLE mcp_session; --",
					RawMcpHttp.toolCall(2, "whoami"));

			assertThat(tooBig.statusCode()).isEqualTo(413);
			assertThat(tooBig.body()).startsWith("{\"jsonrpc\":\"2.0\"").contains("larger than this server accepts");
			assertThat(notJsonRpc.statusCode()).isEqualTo(400);
			assertThat(notJsonRpc.body()).startsWith("{\"jsonrpc\":\"2.0\"").contains("not a JSON-RPC message");
			assertThat(malformed.statusCode()).isEqualTo(404);
			assertThat(malformed.body()).contains("not a valid session id");
			assertThat(this.store.totalCalls()).isZero();
		}
	}

	private ConfigurableApplicationContext start() {
		return SpringMcpApp.start(0, SpringMcpApp.NO_DATA_SOURCE, Map.of("sessions", this.store));
	}

}
