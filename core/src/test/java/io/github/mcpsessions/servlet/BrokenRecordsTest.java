package io.github.mcpsessions.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.testing.CountingSessionRepository;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.TestMcpServer;

/**
 * Records are input too: one that cannot be read is a 404 (the client initializes again) with one
 * WARN, and is deleted; a newer release's record is refused and kept; a lookup that fails for a
 * reason other than the store is a 500, never a 503 the client would retry forever.
 */
class BrokenRecordsTest {

	private final InMemorySessionRepository store = new InMemorySessionRepository();

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

	@BeforeEach
	void captureLogs() {
		this.logs.start();
		this.root.addAppender(this.logs);
	}

	@AfterEach
	void releaseLogs() {
		this.root.detachAppender(this.logs);
	}

	@Test
	void aRecordWhoseCapabilitiesAreNotAnObjectIs404OnceWarnedAndDeleted() {
		String sessionId = storedSession(record -> record.clientCapabilitiesJson("[\"not\", \"an object\"]"));
		try (TestMcpServer server = TestMcpServer.builder(this.store).start()) {
			for (int i = 0; i < 3; i++) {
				HttpResponse<String> response = RawMcpHttp.post(server.url(), sessionId, RawMcpHttp.toolCall(i, "whoami"));
				assertThat(response.statusCode()).isEqualTo(404);
				assertThat(response.body()).contains("\"code\":-32001").doesNotContain("Exception");
			}
		}
		assertThat(this.store.findById(sessionId)).isEmpty();
		assertThat(events(Level.WARN, "cannot be read")).hasSize(1);
		assertThat(events(Level.ERROR, "")).isEmpty();
		assertThat(this.logs.list).noneMatch(event -> event.getFormattedMessage().contains(sessionId));
	}

	@Test
	void aRecordOfANewerFormatIsRefusedAndKept() {
		String sessionId = storedSession(record -> record);
		McpSessionRecord stored = this.store.findById(sessionId).orElseThrow();
		this.store.save(new McpSessionRecord(McpSessionRecord.CURRENT_FORMAT_VERSION + 1, sessionId, stored.protocolVersion(),
				stored.clientInfoJson(), stored.clientCapabilitiesJson(), null, stored.createdAt(), stored.lastAccessedAt(),
				stored.expiresAt(), Map.of()));
		try (TestMcpServer server = TestMcpServer.builder(this.store).start()) {
			assertThat(RawMcpHttp.post(server.url(), sessionId, RawMcpHttp.toolCall(1, "whoami")).statusCode()).isEqualTo(404);
			assertThat(RawMcpHttp.post(server.url(), sessionId, RawMcpHttp.toolCall(2, "whoami")).statusCode()).isEqualTo(404);
		}
		assertThat(this.store.findById(sessionId)).isPresent();
		assertThat(events(Level.WARN, "newer than this release reads")).hasSize(1);
	}

	@Test
	void aLookupFailingForAnotherReasonThanTheStoreIs500NotA503() {
		CountingSessionRepository buggy = new CountingSessionRepository(this.store);
		String sessionId = storedSession(record -> record);
		try (TestMcpServer server = TestMcpServer.builder(buggy).start()) {
			buggy.failWith(new IllegalStateException("a bug"));
			HttpResponse<String> response = RawMcpHttp.post(server.url(), sessionId, RawMcpHttp.toolCall(7, "whoami"));

			assertThat(response.statusCode()).isEqualTo(500);
			assertThat(response.headers().firstValue("Retry-After")).isEmpty();
			assertThat(response.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32603");
		}
		assertThat(events(Level.ERROR, "Looking up session")).hasSize(1);
	}

	@Test
	void anInitializeWhoseSaveFailsForAnotherReasonThanTheStoreIs500AndLeavesNoSession() throws Exception {
		CountingSessionRepository buggy = new CountingSessionRepository(this.store);
		try (TestMcpServer server = TestMcpServer.builder(buggy).start()) {
			buggy.failWith(new IllegalStateException("a bug"));

			HttpResponse<String> response = RawMcpHttp.post(server.url(), null, RawMcpHttp.INITIALIZE);

			assertThat(response.statusCode()).isEqualTo(500);
			assertThat(response.headers().firstValue("Retry-After")).isEmpty();
			assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
			assertThat(response.body()).contains("\"code\":-32603").doesNotContain("Exception");
			assertThat(server.provider().heldSessionCount()).isZero();
		}
	}

	private String storedSession(java.util.function.UnaryOperator<McpSessionRecord.Builder> change) {
		String sessionId = "broken-" + Long.toHexString(System.nanoTime()) + "-abcdefghijkl";
		Instant now = Instant.now();
		this.store.save(change.apply(McpSessionRecord.builder(sessionId)
			.protocolVersion("2025-06-18")
			.clientInfoJson("{\"name\":\"c\",\"version\":\"1\"}")
			.clientCapabilitiesJson("{}")
			.createdAt(now)
			.expiresAt(now.plusSeconds(3600))).build());
		return sessionId;
	}

	private List<ILoggingEvent> events(Level level, String text) {
		return this.logs.list.stream()
			.filter(event -> event.getLevel() == level && event.getFormattedMessage().contains(text))
			.toList();
	}

}
