package io.github.mcpsessions.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.testing.BusScenarios;
import io.github.mcpsessions.testing.TcpProxy;

/** The PostgreSQL bus on a real server: long messages arrive whole, and a lost connection is listened on again. */
class PostgresSessionMessageBusTest {

	private final TestDatabase database = TestDatabase.postgres();

	private final String channel = "mcp_test_bus_" + Long.toHexString(System.nanoTime());

	@Test
	void aListenerCutFromTheDatabaseListensAgainAndReceivesWhatIsSentAfterwards() throws Exception {
		InetSocketAddress target = this.database.address();
		try (TcpProxy proxy = new TcpProxy(target.getHostString(), target.getPort());
				PostgresSessionMessageBus listener = bus(this.database.atLocalPort(proxy.port()));
				PostgresSessionMessageBus sender = bus(this.database)) {
			BusScenarios.aListenerCutByAProxyReceivesLaterMessages(proxy, listener, sender);
		}
	}

	@Test
	void aBusBuiltWhileTheDatabaseIsDownListensOnceItIsBack() throws Exception {
		InetSocketAddress target = this.database.address();
		try (TcpProxy proxy = new TcpProxy(target.getHostString(), target.getPort());
				PostgresSessionMessageBus sender = bus(this.database)) {
			BusScenarios.aBusBuiltWhileItsServerIsDownSubscribesOnceBack(proxy,
					() -> bus(this.database.atLocalPort(proxy.port())), sender);
		}
	}

	@Test
	void messagesLongerThanOneNotificationArriveWhole() {
		String longText = "m1.".repeat(50_000);
		List<String> received = new CopyOnWriteArrayList<>();
		try (PostgresSessionMessageBus listener = bus(this.database); PostgresSessionMessageBus sender = bus(this.database)) {
			listener.subscribe(received::add);

			sender.publish(longText);

			await().atMost(Duration.ofSeconds(5)).until(() -> received.contains(longText));
		}
	}

	private PostgresSessionMessageBus bus(TestDatabase target) {
		return PostgresSessionMessageBus.builder()
			.jdbcUrl(target.url())
			.username(target.username())
			.password(target.password())
			.channel(this.channel)
			.build();
	}

	@Test
	void theBuilderWantsOneSourceAndAnIdentifierForAChannel() {
		assertThatThrownBy(() -> PostgresSessionMessageBus.builder().build()).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("exactly one of jdbcUrl and dataSource");
		assertThatThrownBy(() -> PostgresSessionMessageBus.builder().jdbcUrl(this.database.url()).channel("mcp-sessions; drop").build())
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("unquoted SQL identifier");
	}

}
