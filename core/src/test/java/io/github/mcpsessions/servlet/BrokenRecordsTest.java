package io.github.mcpsessions.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
import io.github.mcpsessions.repository.SessionRepository;
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
		SessionRepository buggy = new ForwardingRepository(this.store) {
			@Override
			public Optional<McpSessionRecord> findById(String id) {
				throw new IllegalStateException("a bug");
			}
		};
		String sessionId = storedSession(record -> record);
		try (TestMcpServer server = TestMcpServer.builder(buggy).start()) {
			HttpResponse<String> response = RawMcpHttp.post(server.url(), sessionId, RawMcpHttp.toolCall(7, "whoami"));

			assertThat(response.statusCode()).isEqualTo(500);
			assertThat(response.headers().firstValue("Retry-After")).isEmpty();
			assertThat(response.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32603");
		}
		assertThat(events(Level.ERROR, "Looking up session")).hasSize(1);
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

	private static class ForwardingRepository implements SessionRepository {

		private final SessionRepository delegate;

		ForwardingRepository(SessionRepository delegate) {
			this.delegate = delegate;
		}

		@Override
		public void save(McpSessionRecord record) {
			this.delegate.save(record);
		}

		@Override
		public Optional<McpSessionRecord> findById(String id) {
			return this.delegate.findById(id);
		}

		@Override
		public boolean touch(String id, Instant lastAccessedAt, Instant expiresAt) {
			return this.delegate.touch(id, lastAccessedAt, expiresAt);
		}

		@Override
		public boolean updateAttributes(String id, Map<String, String> changes) {
			return this.delegate.updateAttributes(id, changes);
		}

		@Override
		public boolean deleteById(String id) {
			return this.delegate.deleteById(id);
		}

		@Override
		public int deleteExpired(Instant now, int limit) {
			return this.delegate.deleteExpired(now, limit);
		}

		@Override
		public long count() {
			return this.delegate.count();
		}

	}

}
