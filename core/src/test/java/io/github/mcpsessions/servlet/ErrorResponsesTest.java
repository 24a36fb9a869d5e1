package io.github.mcpsessions.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.CountingSessionRepository;
import io.github.mcpsessions.testing.MutableClock;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.TestMcpServer;

/** What clients get back for sessions that cannot be served: 404 or 400, a JSON-RPC error, no Java internals. */
class ErrorResponsesTest {

	private final CountingSessionRepository store = new CountingSessionRepository(new InMemorySessionRepository());

	private final MutableClock clock = MutableClock.atFixedInstant();

	private final TestMcpServer server = TestMcpServer.builder(this.store)
		.clock(this.clock)
		.idleTimeout(Duration.ofHours(1))
		.start();

	@AfterEach
	void stop() {
		this.server.close();
	}

	private static void assertJsonRpcError(HttpResponse<String> response, int status, Object id, String messagePart) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/json"));
		String idJson = id == null ? "null" : id instanceof String text ? "\"" + text + "\"" : id.toString();
		assertThat(response.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"error\":{\"code\":")
			.contains(messagePart)
			.doesNotContain("stackTrace")
			.doesNotContain("Exception")
			.doesNotContain("at io.");
	}

	@Test
	void unknownIdGets404WithAJsonRpcErrorNamingTheWayOut() {
		String unknown = SessionIds.generate();

		HttpResponse<String> response = RawMcpHttp.post(this.server.url(), unknown, RawMcpHttp.toolCall(7, "whoami"));

		assertJsonRpcError(response, 404, 7, "Send a new initialize request");
		assertThat(response.body()).contains("\"code\":-32001").doesNotContain(unknown);
	}

	@Test
	void unknownIdOnGetAndDeleteGets404JsonToo() {
		String unknown = SessionIds.generate();

		assertJsonRpcError(RawMcpHttp.delete(this.server.url(), unknown, Map.of()), 404, null, "Session not found");
	}

	@ParameterizedTest
	@ValueSource(strings = { "short", "has spaces in it and more", "semi;colon;semi;colon;semi", "ünïcödé-ünïcödé-ünïcödé",
			"../../../../etc/passwd/../../" })
	void malformedIdsGet404WithoutAnyStoreCall(String malformed) {
		this.store.reset();

		HttpResponse<String> response = RawMcpHttp.post(this.server.url(), malformed, RawMcpHttp.toolCall(1, "whoami"));

		assertJsonRpcError(response, 404, 1, "not a valid session id");
		assertThat(this.store.totalCalls()).isZero();
	}

	@Test
	void oversizedIdGets404WithoutAnyStoreCall() {
		this.store.reset();

		HttpResponse<String> response = RawMcpHttp.post(this.server.url(), "a".repeat(SessionIds.MAX_LENGTH + 1),
				RawMcpHttp.toolCall(2, "whoami"));

		assertJsonRpcError(response, 404, 2, "not a valid session id");
		assertThat(this.store.totalCalls()).isZero();
	}

	@Test
	void missingIdOnANonInitializeRequestGets400SayingSo() {
		HttpResponse<String> response = RawMcpHttp.post(this.server.url(), null, RawMcpHttp.toolCall(3, "whoami"));

		assertJsonRpcError(response, 400, 3, "Session ID required");
	}

	@Test
	void bodiesThatAreNotJsonRpcAndOtherSdkErrorsGetJsonRpcErrors() {
		String sessionId = RawMcpHttp.initialize(this.server.url());

		HttpResponse<String> notJson = RawMcpHttp.post(this.server.url(), sessionId, "{not json",
				Map.of("Content-Type", "application/json"));
		HttpResponse<String> wrongType = RawMcpHttp.post(this.server.url(), sessionId, RawMcpHttp.toolCall(8, "whoami"),
				Map.of("Content-Type", "text/plain"));

		// Refused before the SDK, which would log it at ERROR.
		assertJsonRpcError(notJson, 400, null, "not a JSON-RPC message");
		// SDK 2.1 refuses a non-JSON Content-Type with 415; 2.0 accepts it. Either way no Java internals leak.
		assertThat(wrongType.statusCode()).isIn(200, 415);
		assertThat(wrongType.body()).doesNotContain("stackTrace");
	}

	@Test
	void deleteRefusedByTheSdkKeepsTheRecord() {
		try (TestMcpServer refusing = TestMcpServer.builder(this.store).disallowDelete().start()) {
			String sessionId = RawMcpHttp.initialize(refusing.url());

			HttpResponse<String> refused = RawMcpHttp.delete(refusing.url(), sessionId, Map.of());

			assertThat(refused.statusCode()).isEqualTo(405);
			assertThat(this.store.findById(sessionId)).isPresent();
			assertThat(RawMcpHttp.post(refusing.url(), sessionId, RawMcpHttp.toolCall(6, "whoami")).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void expiredSessionGets404AndItsRecordIsDeleted() {
		String sessionId = RawMcpHttp.initialize(this.server.url());
		assertThat(RawMcpHttp.post(this.server.url(), sessionId, RawMcpHttp.toolCall(5, "whoami")).statusCode())
			.isEqualTo(200);

		this.clock.advance(Duration.ofMinutes(61));
		HttpResponse<String> response = RawMcpHttp.post(this.server.url(), sessionId, RawMcpHttp.toolCall(6, "whoami"));

		assertJsonRpcError(response, 404, 6, "Session expired");
		assertThat(this.store.findById(sessionId)).isEmpty();
		assertThat(this.server.provider().holds(sessionId)).isFalse();
	}

	@Test
	void useKeepsASessionAlivePastItsFirstIdleTimeout() {
		String sessionId = RawMcpHttp.initialize(this.server.url());

		for (int i = 0; i < 4; i++) {
			this.clock.advance(Duration.ofMinutes(40));
			assertThat(RawMcpHttp.post(this.server.url(), sessionId, RawMcpHttp.toolCall(i, "whoami")).statusCode())
				.isEqualTo(200);
		}
	}

	@Test
	void newSessionIdsAreLongSecureAndUrlSafe() {
		String sessionId = RawMcpHttp.initialize(this.server.url());

		assertThat(sessionId).hasSize(32).matches("[A-Za-z0-9_-]+");
		assertThat(this.store.findById(sessionId)).isPresent();
	}

}
