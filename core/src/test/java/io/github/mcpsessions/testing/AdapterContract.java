package io.github.mcpsessions.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.adapter.SessionPersistenceAdapter;

/**
 * What every HTTP adapter does the same way (the decorated servlet, the servlet filter, the WebFlux
 * filter, under Spring or not): one request flow, so one suite. A subclass starts its adapter over
 * a given store with the tools {@code remember} (key, value), {@code recall} (key) and
 * {@code whoami} (answers the session id and {@code restored=true|false}).
 */
public abstract class AdapterContract {

	private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"initialize\",\"params\":{"
			+ "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** A running adapter with an MCP server behind it. */
	public interface Server extends AutoCloseable {

		String url();

		SessionPersistenceAdapter adapter();

		@Override
		void close();

	}

	/** Starts the adapter under test over {@code store}, with the default settings. */
	protected abstract Server start(SessionRepository store);

	private final CountingSessionRepository store = new CountingSessionRepository(new InMemorySessionRepository());

	@Test
	void initializeSavesTheSessionBeforeTheClientGetsItsId() {
		try (Server server = start(this.store)) {
			HttpResponse<String> response = RawMcpHttp.post(server.url(), null, INITIALIZE);

			assertThat(response.statusCode()).isEqualTo(200);
			String sessionId = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
			assertThat(this.store.findById(sessionId)).isPresent();
			assertThat(server.adapter().holds(sessionId)).isTrue();
			assertThat(server.adapter().repository().findById(sessionId)).isPresent();
		}
	}

	@Test
	void aSessionOfAStoppedServerIsRestoredUnderItsIdWithItsAttributes() {
		String sessionId;
		try (Server first = start(this.store)) {
			sessionId = RawMcpHttp.initialize(first.url());
			assertThat(RawMcpHttp.post(first.url(), sessionId, remember("colour", "teal")).statusCode()).isEqualTo(200);
		}
		try (Server second = start(this.store)) {
			HttpResponse<String> recalled = RawMcpHttp.post(second.url(), sessionId,
					RawMcpHttp.toolCall(3, "recall", Map.of("key", "colour")));
			HttpResponse<String> who = RawMcpHttp.post(second.url(), sessionId, RawMcpHttp.toolCall(4, "whoami"));

			assertThat(recalled.statusCode()).isEqualTo(200);
			assertThat(recalled.body()).contains("teal");
			assertThat(who.body()).contains(sessionId + " restored=true");
		}
	}

	@Test
	void unknownAndMalformedIdsGet404WithTheRequestIdAndMalformedOnesNeverReachTheStore() {
		try (Server server = start(this.store)) {
			HttpResponse<String> unknown = RawMcpHttp.post(server.url(), "a".repeat(43), RawMcpHttp.toolCall(11, "whoami"));
			this.store.reset();
			HttpResponse<String> malformed = RawMcpHttp.post(server.url(), "'; DROP TABLE mcp_session; --",
					RawMcpHttp.toolCall(12, "whoami"));

			assertThat(unknown.statusCode()).isEqualTo(404);
			assertThat(unknown.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":11,\"error\":{\"code\":-32001")
				.contains("Session not found");
			assertThat(malformed.statusCode()).isEqualTo(404);
			assertThat(malformed.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":12,\"error\":")
				.contains("not a valid session id");
			assertThat(this.store.totalCalls()).isZero();
		}
	}

	@Test
	void whatTheSdkRefusesComesBackAsAJsonRpcErrorWithoutJavaInternals() {
		try (Server server = start(this.store)) {
			HttpResponse<String> missingId = RawMcpHttp.post(server.url(), null, RawMcpHttp.toolCall(13, "whoami"));
			HttpResponse<String> deleteUnknown = RawMcpHttp.delete(server.url(), "b".repeat(43), Map.of());

			assertThat(missingId.statusCode()).isEqualTo(400);
			assertThat(missingId.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":13,\"error\":")
				.doesNotContain("Exception");
			assertThat(deleteUnknown.statusCode()).isEqualTo(404);
			assertThat(deleteUnknown.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":")
				.contains("Session not found");
		}
	}

	@Test
	void bodiesThatAreNotJsonRpcOrTooLargeAndOtherMethodsGetJsonRpcErrors() {
		try (Server server = start(this.store)) {
			String sessionId = RawMcpHttp.initialize(server.url());
			String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\""
					+ "x".repeat(5 * 1024 * 1024) + "\"}}";

			HttpResponse<String> tooLarge = RawMcpHttp.post(server.url(), sessionId, huge);
			HttpResponse<String> notJsonRpc = RawMcpHttp.post(server.url(), null, "{\"pad\":[1,2,3]}");
			HttpResponse<String> notJsonRpcInSession = RawMcpHttp.post(server.url(), sessionId, "[1,");
			HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(server.url()))
				.header("Mcp-Session-Id", sessionId)
				.PUT(HttpRequest.BodyPublishers.ofString("{}")));

			assertThat(tooLarge.statusCode()).isEqualTo(413);
			assertThat(tooLarge.body()).startsWith("{\"jsonrpc\":\"2.0\"").contains("larger than this server accepts");
			assertThat(notJsonRpc.statusCode()).isEqualTo(400);
			assertThat(notJsonRpc.body()).startsWith("{\"jsonrpc\":\"2.0\"").contains("not a JSON-RPC message");
			assertThat(notJsonRpcInSession.statusCode()).isEqualTo(400);
			assertThat(notJsonRpcInSession.body()).contains("not a JSON-RPC message");
			assertThat(put.statusCode()).isEqualTo(405);
			assertThat(put.headers().firstValue("Allow")).contains("GET, POST, DELETE");
			assertThat(put.body()).startsWith("{\"jsonrpc\":\"2.0\"").contains("not allowed");
			assertThat(RawMcpHttp.post(server.url(), sessionId, RawMcpHttp.toolCall(5, "whoami")).statusCode())
				.isEqualTo(200);
		}
	}

	@Test
	void aStoreThatIsDownGets503WithRetryAfterAndLosesNothing() {
		String sessionId;
		try (Server first = start(this.store)) {
			sessionId = RawMcpHttp.initialize(first.url());
			RawMcpHttp.post(first.url(), sessionId, remember("k", "v"));
		}
		try (Server second = start(this.store)) {
			this.store.goDown();

			HttpResponse<String> lookup = RawMcpHttp.post(second.url(), sessionId, RawMcpHttp.toolCall(3, "whoami"));
			HttpResponse<String> initialize = RawMcpHttp.post(second.url(), null, INITIALIZE);

			assertThat(lookup.statusCode()).isEqualTo(503);
			assertThat(lookup.headers().firstValue("Retry-After")).contains("5");
			assertThat(lookup.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32002");
			assertThat(initialize.statusCode()).isEqualTo(503);
			assertThat(initialize.headers().firstValue("Retry-After")).contains("5");
			assertThat(initialize.headers().firstValue("Mcp-Session-Id")).isEmpty();
			assertThat(initialize.body()).contains("no session was created");
			assertThat(second.adapter().heldSessionCount()).isZero();
			this.store.comeBack();
			assertThat(RawMcpHttp.post(second.url(), sessionId, RawMcpHttp.toolCall(4, "recall", Map.of("key", "k"))).body())
				.contains("\"v\"");
		}
	}

	@Test
	void deleteEndsTheSessionInTheStoreAndAFailingStoreKeepsIt() {
		try (Server server = start(this.store)) {
			String sessionId = RawMcpHttp.initialize(server.url());
			this.store.goDown();

			HttpResponse<String> refused = RawMcpHttp.delete(server.url(), sessionId, Map.of());

			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).contains("5");
			this.store.comeBack();
			assertThat(this.store.findById(sessionId)).isPresent();
			assertThat(RawMcpHttp.post(server.url(), sessionId, RawMcpHttp.toolCall(2, "whoami")).body()).contains(sessionId);

			assertThat(RawMcpHttp.delete(server.url(), sessionId, Map.of()).statusCode()).isEqualTo(200);

			assertThat(this.store.findById(sessionId)).isEmpty();
			// WebFlux's SDK provider closes the session as the response completes.
			await().atMost(Duration.ofSeconds(5)).until(() -> !server.adapter().holds(sessionId));
			HttpResponse<String> after = RawMcpHttp.post(server.url(), sessionId, RawMcpHttp.toolCall(3, "whoami"));
			assertThat(after.statusCode()).isEqualTo(404);
			assertThat(after.body()).contains("Session not found");
		}
	}

	@Test
	void anInitializeUnderAnIdNoLongerValidStartsANewSession() {
		try (Server server = start(this.store)) {
			String old = RawMcpHttp.initialize(server.url());
			RawMcpHttp.delete(server.url(), old, Map.of());

			HttpResponse<String> again = RawMcpHttp.post(server.url(), old, INITIALIZE);

			assertThat(again.statusCode()).isEqualTo(200);
			String fresh = again.headers().firstValue("Mcp-Session-Id").orElseThrow();
			assertThat(fresh).isNotEqualTo(old);
			assertThat(this.store.findById(fresh)).isPresent();
			assertThat(this.store.findById(old)).isEmpty();
		}
	}

	private static String remember(String key, String value) {
		return RawMcpHttp.toolCall(2, "remember", Map.of("key", key, "value", value));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
