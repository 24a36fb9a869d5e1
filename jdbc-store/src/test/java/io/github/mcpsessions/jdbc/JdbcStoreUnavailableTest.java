package io.github.mcpsessions.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.testing.StoreScenarios;
import io.github.mcpsessions.testing.TcpProxy;

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
		repository(this.database).createSchemaIfMissing(true).build().close();
	}

	@AfterEach
	void dropTable() {
		this.database.dropSchema(this.schema);
	}

	@Test
	void aClosedPortIsAStoreOutageNotAnUnknownSession() {
		try (JdbcSessionRepository store = repository(this.database.atLocalPort(StoreScenarios.closedPort()))
			.connectionTimeout(Duration.ofMillis(500))
			.build()) {
			assertThatThrownBy(() -> store.findById("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
				.isInstanceOf(SessionStoreException.class)
				.hasMessageContaining("PostgreSQL table " + this.table);

			StoreScenarios.unreachableStoreGets503(store);
		}
	}

	@Test
	void aRepositoryBuiltWhileTheDatabaseIsDownCreatesItsTableAndServesOnceItIsBack() throws IOException {
		InetSocketAddress target = this.database.address();
		String fresh = this.schema + ".mcp_session_late";
		try (TcpProxy proxy = new TcpProxy(target.getHostString(), target.getPort())) {
			StoreScenarios.builtWhileDownServesOnceBack(proxy, () -> repository(this.database.atLocalPort(proxy.port()))
				.tableName(fresh)
				.createSchemaIfMissing(true)
				.build());
		}
	}

	@Test
	void eventAndTaskStoresBuiltWhileTheDatabaseIsDownCreateTheirTablesOnceItIsBack() throws IOException {
		InetSocketAddress target = this.database.address();
		try (TcpProxy proxy = new TcpProxy(target.getHostString(), target.getPort());
				JdbcSessionRepository sessions = repository(this.database.atLocalPort(proxy.port())).build()) {
			proxy.cut();
			JdbcEventStore events = JdbcEventStore.builder(sessions.dataSource())
				.tableName(this.schema + ".mcp_event")
				.createSchemaIfMissing(true)
				.build();
			JdbcTaskStore tasks = JdbcTaskStore.builder(sessions.dataSource())
				.tableName(this.schema + ".mcp_task")
				.createSchemaIfMissing(true)
				.build();
			assertThat(events.readiness().ready()).isFalse();
			assertThat(events.readiness().reason()).contains("mcp_event");
			assertThat(tasks.readiness().ready()).isFalse();
			assertThatThrownBy(() -> events.append("s", "stream-0123456789abcdef", "data")).isInstanceOf(SessionStoreException.class);

			proxy.restore();
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
				.until(() -> events.readiness().ready() && tasks.readiness().ready());
			assertThat(events.append("s", "stream-0123456789abcdef", "data")).isNotBlank();
			assertThat(tasks.find("no-such-task")).isEmpty();
		}
	}

	@Test
	void aRepositoryWhoseTableIsMissingSaysSo() {
		try (JdbcSessionRepository store = repository(this.database).tableName(this.schema + ".no_such_table").build()) {
			assertThat(store.readiness().ready()).isFalse();
			assertThat(store.readiness().reason()).contains("no_such_table").contains("createSchemaIfMissing");
		}
	}

	@Test
	void aCutDatabaseCostsRetriesNeverSessionsAndNothingIsLost() throws IOException {
		InetSocketAddress target = this.database.address();
		try (TcpProxy proxy = new TcpProxy(target.getHostString(), target.getPort())) {
			StoreScenarios.outageCostsRetriesNeverSessions(proxy,
					() -> repository(this.database.atLocalPort(proxy.port())).build());
		}
	}

	@Test
	void aDatabaseCutUnderLoadCostsRetriesNeverAcknowledgedWrites() throws IOException {
		InetSocketAddress target = this.database.address();
		try (TcpProxy proxy = new TcpProxy(target.getHostString(), target.getPort())) {
			StoreScenarios.outageUnderLoadLosesNothing(proxy,
					() -> repository(this.database.atLocalPort(proxy.port())).build());
		}
	}

	private JdbcSessionRepository.Builder repository(TestDatabase target) {
		return JdbcSessionRepository.builder()
			.jdbcUrl(target.url())
			.username(target.username())
			.password(target.password())
			.tableName(this.table)
			// Long enough for a new connection on a loaded machine; an outage costs each call this long.
			.connectionTimeout(Duration.ofSeconds(2));
	}

}
