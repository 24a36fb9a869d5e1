package io.github.mcpsessions.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.StoreScenarios;

/**
 * Clients calling tools without pause while the server process is killed with {@code kill -9} and
 * started again, over PostgreSQL and over Redis: no client ever gets 404 for its live session, and
 * every value written by a call the server acknowledged is there afterwards. Defaults: 20 clients,
 * 5 kills; the soak profile ({@code -Psoak}) raises them through {@code soak.clients} and {@code soak.kills}.
 */
class KillRestartIT {

	private static final int CLIENTS = Integer.getInteger("soak.clients", 20);

	private static final int KILLS = Integer.getInteger("soak.kills", 5);

	@TempDir
	Path folder;

	@Test
	void postgresSessionsSurviveRepeatedKillMinusNineUnderLoad() throws Exception {
		TestServices.inPostgresSchema("mcp_test_kill_",
				url -> survivesKillsUnderLoad(List.of("--store", "postgres", "--jdbc-url", url)));
	}

	@Test
	void redisSessionsSurviveRepeatedKillMinusNineUnderLoad() throws Exception {
		TestServices.redis(commands -> commands.ping());
		List<String> sessions = survivesKillsUnderLoad(List.of("--store", "redis", "--redis-url", TestServices.REDIS_URL));
		TestServices.redis(commands -> sessions.forEach(id -> commands.del("mcp:session:" + id)));
	}

	private List<String> survivesKillsUnderLoad(List<String> options) throws Exception {
		int port = StoreScenarios.closedPort();
		ExampleProcess server = ExampleProcess.start(port, this.folder, options);
		String url = server.mcpUrl();
		List<Client> clients = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			clients.add(new Client(url, RawMcpHttp.initialize(url)));
		}
		clients.forEach(Client::start);
		try {
			for (int kill = 0; kill < KILLS; kill++) {
				int[] before = clients.stream().mapToInt(client -> client.acknowledged.size()).toArray();
				await().atMost(Duration.ofSeconds(30)).until(() -> everyClientWroteSince(clients, before));
				server.kill();
				server = ExampleProcess.start(port, this.folder, options);
			}
			int[] before = clients.stream().mapToInt(client -> client.acknowledged.size()).toArray();
			await().atMost(Duration.ofSeconds(30)).until(() -> everyClientWroteSince(clients, before));
		}
		finally {
			clients.forEach(Client::stopClient);
			for (Client client : clients) {
				client.join();
			}
		}
		try {
			for (Client client : clients) {
				assertThat(client.notFound).as("404 answers for a live session").isEmpty();
				for (Map.Entry<String, String> written : client.acknowledged.entrySet()) {
					HttpResponse<String> recall = RawMcpHttp.post(url, client.sessionId,
							RawMcpHttp.toolCall(1, "recall", Map.of("key", written.getKey())));
					assertThat(recall.body()).as("value of %s", written.getKey())
						.contains("\"text\":\"" + written.getValue() + "\"");
				}
			}
		}
		finally {
			server.close();
		}
		return clients.stream().map(client -> client.sessionId).toList();
	}

	private static boolean everyClientWroteSince(List<Client> clients, int[] before) {
		for (int i = 0; i < clients.size(); i++) {
			if (clients.get(i).acknowledged.size() < before[i] + 3) {
				return false;
			}
		}
		return true;
	}

	/** One MCP session writing a new key with every call; a call the server did not answer is sent again. */
	private static final class Client extends Thread {

		final String sessionId;

		final Map<String, String> acknowledged = new ConcurrentHashMap<>();

		final ConcurrentLinkedQueue<String> notFound = new ConcurrentLinkedQueue<>();

		private final String url;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicInteger next = new AtomicInteger();

		Client(String url, String sessionId) {
			this.url = url;
			this.sessionId = sessionId;
			setDaemon(true);
		}

		@Override
		public void run() {
			while (this.running.get()) {
				String key = "k" + this.next.get();
				String value = "v" + this.next.get() + "-" + this.sessionId.substring(0, 6);
				try {
					HttpResponse<String> reply = RawMcpHttp.post(this.url, this.sessionId,
							RawMcpHttp.toolCall(this.next.get(), "remember", Map.of("key", key, "value", value)));
					if (reply.statusCode() == 404) {
						this.notFound.add(reply.body());
					}
					if (reply.statusCode() == 200 && reply.body().contains("\"text\":\"ok\"")) {
						this.acknowledged.put(key, value);
						this.next.incrementAndGet();
						continue;
					}
				}
				catch (IllegalStateException ex) {
					// The process is down: nothing was acknowledged; send the same write again.
				}
				LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
			}
		}

		void stopClient() {
			this.running.set(false);
		}

	}

}
