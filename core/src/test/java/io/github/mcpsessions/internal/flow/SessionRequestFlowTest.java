package io.github.mcpsessions.internal.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.mcpsessions.events.InMemoryEventStore;
import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.internal.access.SessionAccess;
import io.github.mcpsessions.internal.cache.CachingSessionRepository;
import io.github.mcpsessions.internal.flow.SessionRequestFlow.Decision.Step;
import io.github.mcpsessions.internal.flow.SessionRequestFlow.Decision;
import io.github.mcpsessions.internal.jsonrpc.JsonRpcBody;
import io.github.mcpsessions.internal.jsonrpc.JsonRpcErrors;
import io.github.mcpsessions.internal.lifecycle.SessionExpiryPolicy;
import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.internal.lifecycle.SessionLifecycle;
import io.github.mcpsessions.internal.sdk.SdkBridge;
import io.github.mcpsessions.internal.streams.ResumableStreams;
import io.github.mcpsessions.internal.streams.StreamPlan;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.session.SessionListener;
import io.github.mcpsessions.testing.MutableClock;

/**
 * The request flow's decisions, table-driven: HTTP method x session id x what the lookup finds x
 * what the body is -> the step and the refusal's status. A real SDK provider and server stand
 * behind it (restores go through the server's own factory), an in-memory store in front, and no HTTP.
 */
class SessionRequestFlowTest {

	private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
			+ "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

	private static final String TOOLS_CALL = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}";

	private static final String CLIENT_ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"result\":{}}";

	private static final String NOT_JSON_RPC = "{\"jsonrpc\":\"2.0\",\"id\":3}";

	/** What the request's {@code Mcp-Session-Id} names. */
	enum Id {

		/** No header. */
		NONE,

		/** Not a session id at all: refused before the store. */
		MALFORMED,

		/** A well-formed id the store has no record of. */
		UNKNOWN,

		/** A session the SDK here holds. */
		HELD,

		/** A stored session this process does not hold yet: it is restored. */
		STORED,

		/** A stored session past its idle timeout. */
		EXPIRED,

		/** A stored session of another owner. */
		FOREIGN,

		/** A session whose store does not answer. */
		STORE_DOWN

	}

	/** What a POST carries ({@code NONE} for the other methods). */
	enum Body {

		NONE(null), INITIALIZE(SessionRequestFlowTest.INITIALIZE), TOOLS_CALL(SessionRequestFlowTest.TOOLS_CALL),
		CLIENT_ANSWER(SessionRequestFlowTest.CLIENT_ANSWER), NOT_JSON_RPC(SessionRequestFlowTest.NOT_JSON_RPC),
		TOO_LARGE(null);

		final String json;

		Body(String json) {
			this.json = json;
		}

	}

	private final MutableClock clock = MutableClock.atFixedInstant();

	private final SwitchableRepository store = new SwitchableRepository();

	private HttpServletStreamableServerTransportProvider provider;

	private SessionLifecycle lifecycle;

	private SdkBridge sdk;

	private SessionAccess access;

	private ResumableStreams streams;

	@BeforeEach
	void serverOverAProvider() {
		this.provider = HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build();
		McpServer.sync(this.provider).serverInfo("flow-test", "1").build();
		CachingSessionRepository cache = CachingSessionRepository.builder(this.store).build();
		this.lifecycle = new SessionLifecycle(cache, new SessionExpiryPolicy(Duration.ofMinutes(30), Duration.ofDays(1)),
				this.clock, SessionListener.composite(java.util.List.of()));
		this.sdk = new SdkBridge(this.provider, SdkBridge.sessionsOf(this.provider), this.lifecycle, McpJsonDefaults.getMapper(), factory -> {
		});
		this.sdk.attachToServer();
		this.access = new SessionAccess(this.lifecycle, this.sdk, null, null);
	}

	@AfterEach
	void closeStreams() {
		if (this.streams != null) {
			this.streams.close();
		}
	}

	static Stream<Arguments> decisions() {
		return Stream.of(
				// method, id, body -> step, refusal status (0: none)
				row("POST", Id.NONE, Body.INITIALIZE, Step.START_SESSION, 0),
				row("POST", Id.NONE, Body.TOOLS_CALL, Step.FORWARD, 0),
				row("POST", Id.NONE, Body.NOT_JSON_RPC, Step.REFUSE, 400),
				row("POST", Id.NONE, Body.TOO_LARGE, Step.REFUSE, 413),
				row("GET", Id.NONE, Body.NONE, Step.FORWARD, 0),
				row("DELETE", Id.NONE, Body.NONE, Step.FORWARD, 0),
				row("PUT", Id.NONE, Body.NONE, Step.REFUSE, 405),
				row("PATCH", Id.HELD, Body.NONE, Step.REFUSE, 405),
				row("OPTIONS", Id.HELD, Body.NONE, Step.FORWARD, 0),
				row("HEAD", Id.NONE, Body.NONE, Step.FORWARD, 0),
				row("POST", Id.MALFORMED, Body.TOOLS_CALL, Step.REFUSE, 404),
				row("GET", Id.MALFORMED, Body.NONE, Step.REFUSE, 404),
				row("POST", Id.MALFORMED, Body.INITIALIZE, Step.START_SESSION_WITHOUT_ID, 0),
				row("POST", Id.UNKNOWN, Body.TOOLS_CALL, Step.REFUSE, 404),
				row("POST", Id.UNKNOWN, Body.INITIALIZE, Step.START_SESSION_WITHOUT_ID, 0),
				row("DELETE", Id.UNKNOWN, Body.NONE, Step.REFUSE, 404),
				row("POST", Id.EXPIRED, Body.TOOLS_CALL, Step.REFUSE, 404),
				row("POST", Id.EXPIRED, Body.INITIALIZE, Step.START_SESSION_WITHOUT_ID, 0),
				row("POST", Id.FOREIGN, Body.TOOLS_CALL, Step.REFUSE, 404),
				row("GET", Id.FOREIGN, Body.NONE, Step.REFUSE, 404),
				row("POST", Id.STORE_DOWN, Body.TOOLS_CALL, Step.REFUSE, 503),
				row("GET", Id.STORE_DOWN, Body.NONE, Step.REFUSE, 503),
				row("DELETE", Id.STORE_DOWN, Body.NONE, Step.REFUSE, 503),
				row("POST", Id.HELD, Body.TOOLS_CALL, Step.FORWARD, 0),
				row("POST", Id.HELD, Body.CLIENT_ANSWER, Step.FORWARD, 0),
				row("POST", Id.HELD, Body.NOT_JSON_RPC, Step.REFUSE, 400),
				row("POST", Id.HELD, Body.TOO_LARGE, Step.REFUSE, 413),
				row("POST", Id.HELD, Body.INITIALIZE, Step.START_SESSION, 0),
				row("GET", Id.HELD, Body.NONE, Step.FORWARD, 0),
				row("DELETE", Id.HELD, Body.NONE, Step.END_SESSION, 0),
				row("POST", Id.STORED, Body.TOOLS_CALL, Step.FORWARD, 0),
				row("GET", Id.STORED, Body.NONE, Step.FORWARD, 0),
				row("DELETE", Id.STORED, Body.NONE, Step.END_SESSION, 0),
				row("POST", Id.STORED, Body.NOT_JSON_RPC, Step.REFUSE, 400));
	}

	private static Arguments row(String method, Id id, Body body, Step step, int status) {
		return Arguments.of(method, id, body, step, status);
	}

	@ParameterizedTest(name = "{0} {1} {2} -> {3} {4}")
	@MethodSource("decisions")
	void decides(String method, Id id, Body body, Step step, int status) {
		SessionRequestFlow flow = flow(null);
		String sessionId = sessionId(id);

		Decision decision = flow.decide(method, sessionId, "alice", bytes(method, body), null);

		assertThat(decision.step()).isEqualTo(step);
		assertThat(decision.refusal() == null ? 0 : decision.refusal().status()).isEqualTo(status);
		assertThat(decision.stream()).isNull();
		if (step == Step.FORWARD && sessionId != null) {
			assertThat(this.sdk.holds(sessionId)).as("held once forwarded").isTrue();
		}
		if (status == 405) {
			assertThat(decision.refusal().allow()).isEqualTo("GET, POST, DELETE");
		}
		if (status == 503) {
			assertThat(decision.refusal().retryAfter()).isTrue();
		}
	}

	@Test
	void aRejectedSessionHeldHereIsDroppedAndAnExpiredOneIsGoneFromTheStore() {
		SessionRequestFlow flow = flow(null);
		String id = sessionId(Id.HELD);
		this.store.deleteById(id);
		this.lifecycle.repository().invalidate(id);

		assertThat(flow.decide("POST", id, "alice", TOOLS_CALL.getBytes(StandardCharsets.UTF_8), null).step())
			.isEqualTo(Step.REFUSE);
		assertThat(this.sdk.holds(id)).isFalse();

		String expired = sessionId(Id.EXPIRED);
		flow.decide("GET", expired, "alice", null, null);
		assertThat(this.store.findById(expired)).isEmpty();
	}

	@Test
	void aDeleteEndsTheRecordBeforeTheSdkAndEndedDropsTheSession() {
		SessionRequestFlow flow = flow(null);
		String id = sessionId(Id.HELD);

		assertThat(flow.decide("DELETE", id, "alice", null, null).step()).isEqualTo(Step.END_SESSION);
		assertThat(this.store.findById(id)).isEmpty();
		assertThat(this.sdk.holds(id)).isTrue();
		flow.ended(id);
		assertThat(this.sdk.holds(id)).isFalse();
	}

	@Test
	void withResumableStreamsAForwardCarriesItsStreamPlan() {
		this.streams = new ResumableStreams(new InMemoryEventStore(), Duration.ofSeconds(1), Set.of("slow"),
				Duration.ofMinutes(10), Duration.ofMillis(200), "replica1", new JsonRpcBody.Reader(McpJsonDefaults.getMapper())::isAnswer,
				this.clock);
		SessionRequestFlow flow = flow(this.streams);
		String id = sessionId(Id.HELD);

		Decision call = flow.decide("POST", id, "alice", TOOLS_CALL.getBytes(StandardCharsets.UTF_8), null);
		assertThat(call.step()).isEqualTo(Step.FORWARD);
		assertThat(call.stream().kind()).isEqualTo(StreamPlan.Kind.REQUEST);
		assertThat(call.stream().requestId()).isEqualTo("2");
		assertThat(call.stream().polling()).isFalse();

		Decision polled = flow.decide("POST", id, "alice",
				TOOLS_CALL.replace("\"x\"", "\"slow\"").getBytes(StandardCharsets.UTF_8), null);
		assertThat(polled.stream().polling()).isTrue();

		Decision listening = flow.decide("GET", id, "alice", null, null);
		assertThat(listening.stream().kind()).isEqualTo(StreamPlan.Kind.LISTENING);

		Decision unknownEvent = flow.decide("GET", id, "alice", null, "nothing-stored_1");
		assertThat(unknownEvent.step()).isEqualTo(Step.FORWARD);
		assertThat(unknownEvent.stream().kind()).isEqualTo(StreamPlan.Kind.LISTENING);

		assertThat(flow.decide("POST", null, "alice", INITIALIZE.getBytes(StandardCharsets.UTF_8), null).stream())
			.isNull();
	}

	private SessionRequestFlow flow(ResumableStreams streams) {
		return new SessionRequestFlow(this.access, new JsonRpcBody.Reader(McpJsonDefaults.getMapper()), null, streams,
				() -> Readiness.READY);
	}

	/** A replica whose store has not started refuses everything 503 before it reads the body or the store. */
	@ParameterizedTest
	@MethodSource("requestsBeforeReady")
	void refusesEveryRequestWhileNotReady(String method, Id id, String body) {
		String sessionId = sessionId(id);
		SessionRequestFlow flow = new SessionRequestFlow(this.access, new JsonRpcBody.Reader(McpJsonDefaults.getMapper()),
				null, null, () -> Readiness.notReady("PostgreSQL table mcp_session: Connection refused"));
		Decision decision = flow.decide(method, sessionId, "alice", body == null ? null : body.getBytes(StandardCharsets.UTF_8),
				null);
		assertThat(decision.step()).isEqualTo(Step.REFUSE);
		assertThat(decision.refusal()).isEqualTo(JsonRpcErrors.NOT_READY);
		assertThat(decision.refusal().status()).isEqualTo(503);
		assertThat(decision.refusal().retryAfter()).isTrue();
		assertThat(decision.refusal().message()).doesNotContain("Connection refused");
	}

	static Stream<Arguments> requestsBeforeReady() {
		return Stream.of(Arguments.of("POST", Id.NONE, INITIALIZE), Arguments.of("POST", Id.HELD, TOOLS_CALL),
				Arguments.of("POST", Id.STORED, TOOLS_CALL), Arguments.of("POST", Id.UNKNOWN, TOOLS_CALL),
				Arguments.of("GET", Id.HELD, null), Arguments.of("DELETE", Id.STORED, null));
	}

	private String sessionId(Id id) {
		return switch (id) {
			case NONE -> null;
			case MALFORMED -> "not a session id";
			case UNKNOWN -> SessionIds.generate();
			case HELD -> {
				String held = stored("alice");
				assertThat(this.access.hold(this.lifecycle.find(held, "alice").record())).isTrue();
				yield held;
			}
			case STORED -> stored("alice");
			case EXPIRED -> {
				String expired = stored("alice");
				this.clock.advance(Duration.ofHours(1));
				yield expired;
			}
			case FOREIGN -> stored("bob");
			case STORE_DOWN -> {
				String unreachable = SessionIds.generate();
				this.store.down = true;
				yield unreachable;
			}
		};
	}

	private String stored(String owner) {
		String id = SessionIds.generate();
		this.lifecycle.create(id, "2025-06-18", "{\"name\":\"t\",\"version\":\"1\"}", "{}", owner);
		return id;
	}

	private static byte[] bytes(String method, Body body) {
		if (!"POST".equals(method)) {
			return null;
		}
		return body == Body.TOO_LARGE ? null : body.json.getBytes(StandardCharsets.UTF_8);
	}

	/** An in-memory store that can be made to fail as an unreachable one does. */
	private static final class SwitchableRepository implements SessionRepository {

		private final InMemorySessionRepository delegate = new InMemorySessionRepository();

		volatile boolean down;

		private void check() {
			if (this.down) {
				throw new SessionStoreException("store unavailable: connection refused", null);
			}
		}

		@Override
		public void save(McpSessionRecord record) {
			check();
			this.delegate.save(record);
		}

		@Override
		public Optional<McpSessionRecord> findById(String id) {
			check();
			return this.delegate.findById(id);
		}

		@Override
		public boolean touch(String id, Instant lastAccessedAt, Instant expiresAt) {
			check();
			return this.delegate.touch(id, lastAccessedAt, expiresAt);
		}

		@Override
		public boolean updateAttributes(String id, java.util.Map<String, String> changes) {
			check();
			return this.delegate.updateAttributes(id, changes);
		}

		@Override
		public boolean deleteById(String id) {
			check();
			return this.delegate.deleteById(id);
		}

	}

}
