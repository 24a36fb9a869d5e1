package io.github.mcpsessions.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Supplier;

import io.modelcontextprotocol.client.McpSyncClient;

import io.github.mcpsessions.internal.cache.CachingSessionRepository;
import io.github.mcpsessions.repository.SessionRepository;

/**
 * What every durable store must do with the real decorator, the SDK client and raw HTTP: keep a
 * session across a restart, and turn an outage into retries, never lost sessions. Store modules
 * run these against their real server.
 */
public final class StoreScenarios {

	private static final String SESSION_ID_OF_NOBODY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

	private StoreScenarios() {
	}

	/**
	 * A server stops completely, its store closed; a new server with a new store over the same data
	 * takes over its port. The SDK client goes on with the same session and its attributes.
	 */
	public static void restartKeepsTheSession(Supplier<? extends SessionRepository> stores) {
		SessionRepository firstStore = stores.get();
		TestMcpServer first = TestMcpServer.builder(firstStore).start();
		McpSyncClient client = TestClients.client(first.url());
		try {
			client.initialize();
			String before = TestClients.call(client, "whoami", Map.of());
			String sessionId = before.substring(0, before.indexOf(' '));
			assertThat(TestClients.call(client, "remember", Map.of("key", "colour", "value", "teal"))).isEqualTo("ok");
			first.close();
			close(firstStore);

			SessionRepository secondStore = stores.get();
			try (TestMcpServer second = TestMcpServer.builder(secondStore).port(first.port()).start()) {
				assertThat(secondStore.findById(sessionId).orElseThrow().userAttributes()).containsEntry("colour", "teal");

				assertThat(TestClients.call(client, "whoami", Map.of())).isEqualTo(sessionId + " restored=true");
				assertThat(TestClients.call(client, "recall", Map.of("key", "colour"))).isEqualTo("teal");
				assertThat(second.restores()).isEqualTo(1);
			}
			finally {
				close(secondStore);
			}
		}
		finally {
			client.closeGracefully();
			first.close();
			close(firstStore);
		}
	}

	/**
	 * A store built while {@code proxy} is cut: building it does not fail, it is not ready (with the
	 * reason) and a server on it answers 503, never 404; once the proxy is restored it becomes ready
	 * by itself and the same server serves: a session starts, is saved and is found.
	 * @param storeThroughProxy builds a new store that connects through {@code proxy}
	 */
	public static void builtWhileDownServesOnceBack(TcpProxy proxy, Supplier<? extends SessionRepository> storeThroughProxy) {
		proxy.cut();
		SessionRepository store = storeThroughProxy.get();
		try {
			assertThat(store.readiness().ready()).isFalse();
			try (TestMcpServer server = TestMcpServer.builder(store).start()) {
				HttpResponse<String> initialize = RawMcpHttp.post(server.url(), null, RawMcpHttp.INITIALIZE);
				assertThat(initialize.statusCode()).as(initialize.body()).isEqualTo(503);
				assertThat(initialize.headers().firstValue("Retry-After")).isPresent();
				HttpResponse<String> restore = RawMcpHttp.post(server.url(), SESSION_ID_OF_NOBODY,
						RawMcpHttp.toolCall(2, "whoami"));
				assertThat(restore.statusCode()).as("never a false 404: " + restore.body()).isEqualTo(503);

				proxy.restore();
				await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
					.until(() -> store.readiness().ready());

				String sessionId = RawMcpHttp.initialize(server.url());
				assertThat(store.findById(sessionId)).isPresent();
				HttpResponse<String> call = RawMcpHttp.post(server.url(), sessionId, RawMcpHttp.toolCall(3, "whoami"));
				assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
			}
		}
		finally {
			close(store);
		}
	}

	/**
	 * A store that cannot be reached at all, not even when it was built: it says why it is not ready,
	 * and a restore and an initialize get 503 with Retry-After, never 404.
	 */
	public static void unreachableStoreGets503(SessionRepository unreachable) {
		assertThat(unreachable.readiness().ready()).isFalse();
		assertThat(unreachable.readiness().reason()).isNotBlank();
		try (TestMcpServer server = TestMcpServer.builder(unreachable).start()) {
			HttpResponse<String> restore = RawMcpHttp.post(server.url(), SESSION_ID_OF_NOBODY, RawMcpHttp.toolCall(1, "whoami"));
			assertThat(restore.statusCode()).isEqualTo(503);
			assertThat(restore.headers().firstValue("Retry-After")).contains("5");
			assertThat(restore.body()).startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":")
				.contains("-32002")
				.contains("cannot reach its session store")
				.doesNotContain("Exception");

			HttpResponse<String> initialize = RawMcpHttp.post(server.url(), null, RawMcpHttp.INITIALIZE);
			assertThat(initialize.statusCode()).isEqualTo(503);
			assertThat(initialize.headers().firstValue("Mcp-Session-Id")).isEmpty();
		}
	}

	/**
	 * Two replicas reach the store through {@code proxy}. With the store cut: a restore on B gets 503
	 * with Retry-After, the session A holds keeps working and A keeps its failed touch. With the store
	 * back: B restores the session with its attributes (as soon as the store's client has reconnected)
	 * and A writes the touch it kept.
	 * @param storesThroughProxy makes a new store instance that connects through {@code proxy}
	 */
	public static void outageCostsRetriesNeverSessions(TcpProxy proxy,
			Supplier<? extends SessionRepository> storesThroughProxy) {
		MutableClock clock = MutableClock.atRealTime();
		SessionRepository storeA = storesThroughProxy.get();
		SessionRepository storeB = storesThroughProxy.get();
		try (TestMcpServer replicaA = TestMcpServer.builder(storeA).clock(clock).start();
				TestMcpServer replicaB = TestMcpServer.builder(storeB).clock(clock).start()) {
			String sessionId = RawMcpHttp.initialize(replicaA.url());
			assertThat(RawMcpHttp.post(replicaA.url(), sessionId,
					RawMcpHttp.toolCall(2, "remember", Map.of("key", "colour", "value", "teal"))).body()).contains("\"ok\"");

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
			assertThat(((CachingSessionRepository) replicaA.provider().repository()).failedTouchCount()).isEqualTo(1);

			proxy.restore();

			String recall = RawMcpHttp.toolCall(5, "recall", Map.of("key", "colour"));
			// Pools and clients reconnect on their own schedule (a connection caught mid-handshake by the cut
			// ends at the driver's read timeout, 10 s); the client keeps retrying meanwhile, as a real one would.
			try {
				await().atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(100))
					.untilAsserted(() -> {
						HttpResponse<String> answer = RawMcpHttp.post(replicaB.url(), sessionId, recall);
						assertThat(answer.statusCode()).as("B answered: %s", answer.body()).isEqualTo(200);
					});
			}
			catch (org.awaitility.core.ConditionTimeoutException ex) {
				throw new AssertionError(ex.getMessage() + "\nStore client threads:\n" + storeThreads(), ex);
			}
			assertThat(RawMcpHttp.post(replicaB.url(), sessionId, recall).body()).contains("teal");
			assertThat(replicaB.restores()).isEqualTo(1);
			// A's first statement may meet a connection the cut left dead; the cleaner retries on its next run, as here.
			CachingSessionRepository cacheA = (CachingSessionRepository) replicaA.provider().repository();
			await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
				cacheA.retryFailedTouches();
				return cacheA.failedTouchCount() == 0;
			});
			assertThat(storeA.findById(sessionId).orElseThrow().lastAccessedAt()).isEqualTo(usedDuringOutage);
		}
		finally {
			close(storeA);
			close(storeB);
		}
	}

	/** The stacks of the threads a store client runs (connection pools, Redis I/O), for a failure message. */
	private static String storeThreads() {
		StringBuilder dump = new StringBuilder();
		Thread.getAllStackTraces().forEach((thread, stack) -> {
			String name = thread.getName();
			if (name.contains("mcp-sessions") || name.contains("connection") || name.contains("lettuce")
					|| name.contains("tcp-proxy") || name.contains("http-nio")) {
				dump.append(name).append(" (").append(thread.getState()).append(")\n");
				for (int i = 0; i < Math.min(stack.length, 25); i++) {
					dump.append("    at ").append(stack[i]).append('\n');
				}
			}
		});
		return dump.toString();
	}

	/**
	 * A store cut for a few seconds under load: eight clients keep calling a tool on the replica
	 * that holds their sessions (every call answered 200), four keep writing attributes (a write the
	 * store refuses is an error result, never an acknowledged loss), and restores on the other
	 * replica get 503 with Retry-After. With the store back, the other replica restores every session
	 * with every acknowledged value, and the stores' pools answer again.
	 */
	public static void outageUnderLoadLosesNothing(TcpProxy proxy, Supplier<? extends SessionRepository> storesThroughProxy) {
		SessionRepository storeA = storesThroughProxy.get();
		SessionRepository storeB = storesThroughProxy.get();
		try (TestMcpServer replicaA = TestMcpServer.builder(storeA).start();
				TestMcpServer replicaB = TestMcpServer.builder(storeB).start()) {
			java.util.List<String> readers = new java.util.ArrayList<>();
			java.util.List<String> writers = new java.util.ArrayList<>();
			for (int i = 0; i < 8; i++) {
				readers.add(RawMcpHttp.initialize(replicaA.url()));
			}
			for (int i = 0; i < 4; i++) {
				writers.add(RawMcpHttp.initialize(replicaA.url()));
			}
			java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
			java.util.concurrent.ConcurrentLinkedQueue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
			Map<String, Map<String, String>> acknowledged = new java.util.concurrent.ConcurrentHashMap<>();
			java.util.concurrent.atomic.AtomicInteger readsDuringOutage = new java.util.concurrent.atomic.AtomicInteger();
			java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean();
			java.util.List<Thread> threads = new java.util.ArrayList<>();
			for (String session : readers) {
				threads.add(new Thread(() -> {
					while (running.get()) {
						HttpResponse<String> reply = RawMcpHttp.post(replicaA.url(), session, RawMcpHttp.toolCall(1, "whoami"));
						if (reply.statusCode() != 200 || !reply.body().contains(session)) {
							failures.add(reply.statusCode() + " " + reply.body());
						}
						else if (cut.get()) {
							readsDuringOutage.incrementAndGet();
						}
					}
				}));
			}
			for (String session : writers) {
				Map<String, String> written = new java.util.concurrent.ConcurrentHashMap<>();
				acknowledged.put(session, written);
				threads.add(new Thread(() -> {
					for (int n = 0; running.get(); n++) {
						HttpResponse<String> reply;
						try {
							reply = RawMcpHttp.post(replicaA.url(), session,
									RawMcpHttp.toolCall(n, "remember", Map.of("key", "k" + n, "value", "v" + n)));
						}
						catch (IllegalStateException brokenResponse) {
							// A response cut mid-stream while the store is down (the SDK drops the SSE stream of a
							// failing call now and then): not acknowledged, so the client retries; never a lost write.
							continue;
						}
						if (reply.statusCode() != 200) {
							failures.add(reply.statusCode() + " " + reply.body());
						}
						else if (reply.body().contains("\"text\":\"ok\"")) {
							written.put("k" + n, "v" + n);
						}
					}
				}));
			}
			threads.forEach(Thread::start);
			await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.values().stream().allMatch(w -> w.size() >= 3));

			proxy.cut();
			cut.set(true);
			HttpResponse<String> restore = RawMcpHttp.post(replicaB.url(), readers.get(0), RawMcpHttp.toolCall(3, "whoami"));
			assertThat(restore.statusCode()).isEqualTo(503);
			assertThat(restore.headers().firstValue("Retry-After")).contains("5");
			await().atMost(Duration.ofSeconds(10)).until(() -> readsDuringOutage.get() >= 200);
			proxy.restore();
			cut.set(false);
			int[] before = acknowledged.values().stream().mapToInt(Map::size).toArray();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				int i = 0;
				for (Map<String, String> written : acknowledged.values()) {
					if (written.size() < before[i++] + 3) {
						return false;
					}
				}
				return true;
			});
			running.set(false);
			for (Thread thread : threads) {
				thread.join();
			}

			assertThat(failures).as("calls on held sessions answered other than 200").isEmpty();
			for (Map.Entry<String, Map<String, String>> session : acknowledged.entrySet()) {
				for (Map.Entry<String, String> value : session.getValue().entrySet()) {
					assertThat(RawMcpHttp.post(replicaB.url(), session.getKey(),
							RawMcpHttp.toolCall(9, "recall", Map.of("key", value.getKey()))).body())
						.contains("\"text\":\"" + value.getValue() + "\"");
				}
			}
			assertThat(RawMcpHttp.post(replicaB.url(), readers.get(0), RawMcpHttp.toolCall(4, "whoami")).body())
				.contains("restored=true");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			close(storeA);
			close(storeB);
		}
	}

	/** A local port nothing listens on. */
	public static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void close(SessionRepository store) {
		if (store instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

}
