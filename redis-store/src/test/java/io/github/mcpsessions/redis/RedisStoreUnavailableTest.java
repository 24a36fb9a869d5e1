package io.github.mcpsessions.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.testing.MutableClock;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.TcpProxy;
import io.github.mcpsessions.testing.TestMcpServer;

/**
 * Redis unreachable (a closed port) or cut mid-way (a TCP proxy): restores get 503 with
 * {@code Retry-After}, never 404; sessions held in a process keep working; once Redis is back the
 * shared connection reconnects by itself and nothing is lost.
 */
class RedisStoreUnavailableTest {

	private final String prefix = TestRedis.newPrefix();

	@AfterEach
	void cleanUp() {
		TestRedis.deleteKeys(this.prefix);
	}

	@Test
	void aClosedPortIsAStoreOutageNotAnUnknownSession() throws IOException {
		try (RedisSessionRepository store = RedisSessionRepository.builder()
			.uri("redis://127.0.0.1:" + closedPort())
			.keyPrefix(this.prefix)
			.connectTimeout(Duration.ofMillis(500))
			.build(); TestMcpServer server = TestMcpServer.builder(store).start()) {

			assertThatThrownBy(() -> store.findById("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
				.isInstanceOf(SessionStoreException.class)
				.hasMessageContaining("Redis at 127.0.0.1");

			HttpResponse<String> restore = RawMcpHttp.post(server.url(), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
					RawMcpHttp.toolCall(1, "whoami"));
			assertThat(restore.statusCode()).isEqualTo(503);
			assertThat(restore.headers().firstValue("Retry-After")).contains("5");
			assertThat(restore.body()).contains("session store is unavailable").doesNotContain("Exception");
		}
	}

	@Test
	void aCutRedisCostsRetriesNeverSessionsAndNothingIsLost() throws IOException {
		URI redis = TestRedis.address();
		MutableClock clock = MutableClock.atRealTime();
		try (TcpProxy proxy = new TcpProxy(redis.getHost(), redis.getPort());
				RedisSessionRepository storeA = throughProxy(proxy);
				RedisSessionRepository storeB = throughProxy(proxy);
				TestMcpServer replicaA = TestMcpServer.builder(storeA).clock(clock).start();
				TestMcpServer replicaB = TestMcpServer.builder(storeB).clock(clock).start()) {
			String sessionId = RawMcpHttp.initialize(replicaA.url());
			assertThat(RawMcpHttp.post(replicaA.url(), sessionId, tool(2, "remember", "\"key\":\"colour\",\"value\":\"teal\""))
				.body()).contains("\"ok\"");
			assertThat(storeB.count()).isEqualTo(1);

			proxy.cut();
			clock.advance(Duration.ofMinutes(5));
			Instant usedDuringOutage = clock.instant().truncatedTo(ChronoUnit.MILLIS);

			HttpResponse<String> restore = RawMcpHttp.post(replicaB.url(), sessionId, RawMcpHttp.toolCall(3, "whoami"));
			assertThat(restore.statusCode()).isEqualTo(503);
			assertThat(restore.headers().firstValue("Retry-After")).contains("5");
			assertThat(restore.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":")
				.contains("session store is unavailable")
				.doesNotContain("Exception");

			HttpResponse<String> held = RawMcpHttp.post(replicaA.url(), sessionId, RawMcpHttp.toolCall(4, "whoami"));
			assertThat(held.statusCode()).isEqualTo(200);
			assertThat(held.body()).contains(sessionId + " restored=false");

			proxy.restore();

			// Lettuce reconnects in the background; until then calls still fail fast with 503, as a client retrying would see.
			await().atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> RawMcpHttp.post(replicaB.url(), sessionId, tool(5, "recall", "\"key\":\"colour\"")).statusCode() == 200);
			assertThat(RawMcpHttp.post(replicaB.url(), sessionId, tool(6, "recall", "\"key\":\"colour\"")).body())
				.contains("teal");
			assertThat(replicaB.restores()).isEqualTo(1);
			assertThat(replicaA.provider().lifecycle().repository().failedTouchCount()).isEqualTo(1);
			assertThat(replicaA.provider().lifecycle().repository().retryFailedTouches()).isEqualTo(1);
			assertThat(storeA.findById(sessionId).orElseThrow().lastAccessedAt()).isEqualTo(usedDuringOutage);
		}
	}

	private RedisSessionRepository throughProxy(TcpProxy proxy) {
		return RedisSessionRepository.builder()
			.uri("redis://127.0.0.1:" + proxy.port())
			.keyPrefix(this.prefix)
			.commandTimeout(Duration.ofSeconds(1))
			.connectTimeout(Duration.ofMillis(500))
			.build();
	}

	private static String tool(int id, String name, String arguments) {
		return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + name
				+ "\",\"arguments\":{" + arguments + "}}}";
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
