package io.github.mcpsessions.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.testing.MutableClock;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.TcpProxy;
import io.github.mcpsessions.testing.TestMcpServer;

/**
 * PostgreSQL unreachable (a closed port) or cut mid-way (a TCP proxy): restores get 503 with
 * {@code Retry-After}, never 404; sessions held in a process keep working; once the database is
 * back every session and attribute is there and failed touches are written.
 */
class JdbcStoreUnavailableTest {

	private final TestDatabase database = TestDatabase.postgres();

	private String table;

	private String schema;

	@BeforeEach
	void createTable() {
		this.schema = this.database.createSchema();
		this.table = this.schema + ".mcp_session";
		repository(this.database).close();
	}

	@AfterEach
	void dropTable() {
		this.database.dropSchema(this.schema);
	}

	@Test
	void aClosedPortIsAStoreOutageNotAnUnknownSession() throws IOException {
		TestDatabase nowhere = this.database.atLocalPort(closedPort());
		try (JdbcSessionRepository store = JdbcSessionRepository.builder()
			.jdbcUrl(nowhere.url())
			.username(nowhere.username())
			.password(nowhere.password())
			.tableName(this.table)
			.connectionTimeout(Duration.ofMillis(500))
			.build(); TestMcpServer server = TestMcpServer.builder(store).start()) {

			assertThatThrownBy(() -> store.findById("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
				.isInstanceOf(SessionStoreException.class)
				.hasMessageContaining("PostgreSQL table " + this.table);

			HttpResponse<String> restore = RawMcpHttp.post(server.url(), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
					RawMcpHttp.toolCall(1, "whoami"));
			assertThat(restore.statusCode()).isEqualTo(503);
			assertThat(restore.headers().firstValue("Retry-After")).isPresent();
			assertThat(restore.body()).contains("session store is unavailable").doesNotContain("Exception");

			HttpResponse<String> initialize = RawMcpHttp.post(server.url(), null, RawMcpHttp.INITIALIZE);
			assertThat(initialize.statusCode()).isEqualTo(503);
			assertThat(initialize.headers().firstValue("Mcp-Session-Id")).isEmpty();
		}
	}

	@Test
	void aCutDatabaseCostsRetriesNeverSessionsAndNothingIsLost() throws IOException {
		InetSocketAddress target = this.database.address();
		MutableClock clock = MutableClock.atFixedInstant();
		try (TcpProxy proxy = new TcpProxy(target.getHostString(), target.getPort());
				JdbcSessionRepository storeA = repository(this.database.atLocalPort(proxy.port()));
				JdbcSessionRepository storeB = repository(this.database.atLocalPort(proxy.port()));
				TestMcpServer replicaA = TestMcpServer.builder(storeA).clock(clock).start();
				TestMcpServer replicaB = TestMcpServer.builder(storeB).clock(clock).start()) {
			String sessionId = RawMcpHttp.initialize(replicaA.url());
			assertThat(RawMcpHttp.post(replicaA.url(), sessionId, remember(2, "colour", "teal")).body()).contains("\"ok\"");

			proxy.cut();
			clock.advance(Duration.ofMinutes(5));
			Instant usedDuringOutage = clock.instant();

			HttpResponse<String> restore = RawMcpHttp.post(replicaB.url(), sessionId, RawMcpHttp.toolCall(3, "whoami"));
			assertThat(restore.statusCode()).isEqualTo(503);
			assertThat(restore.headers().firstValue("Retry-After")).contains("5");
			assertThat(restore.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":")
				.contains("session store is unavailable")
				.doesNotContain("Exception");

			HttpResponse<String> held = RawMcpHttp.post(replicaA.url(), sessionId, RawMcpHttp.toolCall(4, "whoami"));
			assertThat(held.statusCode()).isEqualTo(200);
			assertThat(held.body()).contains(sessionId + " restored=false");
			assertThat(replicaA.provider().lifecycle().repository().failedTouchCount()).isEqualTo(1);

			proxy.restore();

			HttpResponse<String> recall = RawMcpHttp.post(replicaB.url(), sessionId, recall(5, "colour"));
			assertThat(recall.statusCode()).isEqualTo(200);
			assertThat(recall.body()).contains("teal");
			assertThat(replicaB.restores()).isEqualTo(1);
			assertThat(replicaA.provider().lifecycle().repository().retryFailedTouches()).isEqualTo(1);
			assertThat(storeA.findById(sessionId).orElseThrow().lastAccessedAt()).isAfterOrEqualTo(usedDuringOutage);
		}
	}

	private JdbcSessionRepository repository(TestDatabase target) {
		return JdbcSessionRepository.builder()
			.jdbcUrl(target.url())
			.username(target.username())
			.password(target.password())
			.tableName(this.table)
			.connectionTimeout(Duration.ofMillis(500))
			.createSchemaIfMissing(target == this.database)
			.build();
	}

	private static String remember(int id, String key, String value) {
		return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"remember\","
				+ "\"arguments\":{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}}}";
	}

	private static String recall(int id, String key) {
		return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"recall\","
				+ "\"arguments\":{\"key\":\"" + key + "\"}}}";
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
