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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.StoreScenarios;

/**
 * A rolling deploy as users run one: two replicas behind HAProxy (round robin, health checks every
 * 300 ms, retries on connection failure only), 16 clients calling a tool without pause, each
 * replica in turn sent SIGTERM and started again. Every call succeeds, and every value a call
 * acknowledged is there afterwards.
 */
class RollingDeployIT {

	private static final int CLIENTS = 16;

	@TempDir
	Path folder;

	@Test
	void noCallFailsAndNoValueIsLostOverPostgres() throws Exception {
		TestServices.inPostgresSchema("mcp_test_roll_", url -> rollingDeploy(List.of("--store", "postgres", "--jdbc-url", url)));
	}

	@Test
	void noCallFailsAndNoValueIsLostOverRedis() throws Exception {
		TestServices.redis(commands -> commands.ping());
		List<String> sessions = rollingDeploy(List.of("--store", "redis", "--redis-url", TestServices.REDIS_URL));
		TestServices.redis(commands -> sessions.forEach(id -> commands.del("mcp:session:" + id)));
	}

	private List<String> rollingDeploy(List<String> storeOptions) throws Exception {
		List<String> options = new ArrayList<>(storeOptions);
		options.addAll(List.of("--drain-period", "PT1.5S", "--drain-timeout", "PT20S"));
		int[] ports = { StoreScenarios.closedPort(), StoreScenarios.closedPort() };
		ExampleProcess[] replicas = { ExampleProcess.start(ports[0], this.folder, options),
				ExampleProcess.start(ports[1], this.folder, options) };
		List<Client> clients = new ArrayList<>();
		try (LoadBalancer balancer = LoadBalancer.start(this.folder, ports)) {
			String url = balancer.mcpUrl();
			for (int i = 0; i < CLIENTS; i++) {
				clients.add(new Client(url, RawMcpHttp.initialize(url)));
			}
			clients.forEach(Client::start);
			awaitProgress(clients);
			for (int i = 0; i < replicas.length; i++) {
				assertThat(replicas[i].terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isNotEqualTo(137);
				replicas[i] = ExampleProcess.start(ports[i], this.folder, options);
				balancer.awaitReplicasUp(2);
				awaitProgress(clients);
			}
			clients.forEach(Client::stopClient);
			for (Client client : clients) {
				client.join();
			}
			int calls = clients.stream().mapToInt(client -> client.calls.get()).sum();
			List<String> failures = clients.stream().flatMap(client -> client.failures.stream()).toList();
			System.out.println("Rolling deploy " + storeOptions.get(1) + ": " + calls + " calls, " + failures.size() + " failed");
			assertThat(failures).as("failed calls of %d", calls).isEmpty();
			for (Client client : clients) {
				for (Map.Entry<String, String> written : client.acknowledged.entrySet()) {
					HttpResponse<String> recall = RawMcpHttp.post(url, client.sessionId,
							RawMcpHttp.toolCall(1, "recall", Map.of("key", written.getKey())));
					assertThat(recall.body()).as("value of %s", written.getKey())
						.contains("\"text\":\"" + written.getValue() + "\"");
				}
			}
		}
		finally {
			clients.forEach(Client::stopClient);
			for (ExampleProcess replica : replicas) {
				replica.close();
			}
		}
		return clients.stream().map(client -> client.sessionId).toList();
	}

	private static void awaitProgress(List<Client> clients) {
		int[] before = clients.stream().mapToInt(client -> client.acknowledged.size()).toArray();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			for (int i = 0; i < clients.size(); i++) {
				if (clients.get(i).acknowledged.size() < before[i] + 3) {
					return false;
				}
			}
			return true;
		});
	}

	/** One MCP session writing a new key with every call, never retrying: an answer other than "ok" is a failed call. */
	private static final class Client extends Thread {

		final String sessionId;

		final Map<String, String> acknowledged = new ConcurrentHashMap<>();

		final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

		final AtomicInteger calls = new AtomicInteger();

		private final String url;

		private final AtomicBoolean running = new AtomicBoolean(true);

		Client(String url, String sessionId) {
			this.url = url;
			this.sessionId = sessionId;
			setDaemon(true);
		}

		@Override
		public void run() {
			int next = 0;
			while (this.running.get()) {
				String key = "k" + next;
				String value = "v" + next + "-" + this.sessionId.substring(0, 6);
				this.calls.incrementAndGet();
				try {
					HttpResponse<String> reply = RawMcpHttp.post(this.url, this.sessionId,
							RawMcpHttp.toolCall(next, "remember", Map.of("key", key, "value", value)));
					if (reply.statusCode() == 200 && reply.body().contains("\"text\":\"ok\"")) {
						this.acknowledged.put(key, value);
					}
					else {
						this.failures.add(reply.statusCode() + " " + reply.body());
					}
				}
				catch (RuntimeException ex) {
					this.failures.add(ex.toString());
				}
				next++;
			}
		}

		void stopClient() {
			this.running.set(false);
		}

	}

}
