package io.github.mcpsessions.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpsessions.testing.StoreScenarios;

/**
 * A rolling deploy as users run one: two replicas behind HAProxy (round robin, health checks every
 * 300 ms, retries on connection failure only), 16 clients calling a tool without pause, each
 * replica in turn sent SIGTERM and started again. Every call succeeds, and every value a call
 * acknowledged is in the store afterwards.
 */
class RollingDeployIT {

	private static final int CLIENTS = 16;

	@TempDir
	Path folder;

	@Test
	void noCallFailsAndNoValueIsLostOverPostgres() throws Exception {
		TestServices.inPostgresSchema("mcp_test_roll_", url -> rollingDeploy(List.of("--store", "postgres", "--jdbc-url", url),
				id -> TestServices.storedAttributes(url, id)));
	}

	@Test
	void noCallFailsAndNoValueIsLostOverRedis() throws Exception {
		TestServices.redis(commands -> commands.ping());
		List<String> sessions = rollingDeploy(List.of("--store", "redis", "--redis-url", TestServices.REDIS_URL),
				TestServices::storedRedisAttributes);
		TestServices.redis(commands -> sessions.forEach(id -> commands.del("mcp:session:" + id)));
	}

	private List<String> rollingDeploy(List<String> storeOptions, Function<String, Map<String, String>> storedAttributes)
			throws Exception {
		List<String> options = new ArrayList<>(storeOptions);
		options.addAll(List.of("--drain-period", "PT1.5S", "--drain-timeout", "PT20S"));
		int[] ports = { StoreScenarios.closedPort(), StoreScenarios.closedPort() };
		ExampleProcess[] replicas = { ExampleProcess.start(ports[0], this.folder, options),
				ExampleProcess.start(ports[1], this.folder, options) };
		List<WritingClient> clients = new ArrayList<>();
		try (LoadBalancer balancer = LoadBalancer.start(this.folder, ports)) {
			String url = balancer.mcpUrl();
			for (int i = 0; i < CLIENTS; i++) {
				clients.add(new WritingClient(url, WritingClient.OnFailure.COUNT));
			}
			clients.forEach(WritingClient::start);
			WritingClient.awaitProgress(clients);
			for (int i = 0; i < replicas.length; i++) {
				assertThat(replicas[i].terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isNotEqualTo(137);
				replicas[i] = ExampleProcess.start(ports[i], this.folder, options);
				balancer.awaitReplicasUp(2);
				WritingClient.awaitProgress(clients);
			}
			WritingClient.stopAll(clients);
			int calls = clients.stream().mapToInt(client -> client.calls.get()).sum();
			List<String> failures = clients.stream().flatMap(client -> client.failures.stream()).toList();
			System.out.println("Rolling deploy " + storeOptions.get(1) + ": " + calls + " calls, " + failures.size() + " failed");
			assertThat(failures).as("failed calls of %d", calls).isEmpty();
			WritingClient.assertEveryAcknowledgedValueIsStored(storedAttributes, clients);
		}
		finally {
			WritingClient.stopAll(clients);
			for (ExampleProcess replica : replicas) {
				replica.close();
			}
		}
		return clients.stream().map(client -> client.sessionId).toList();
	}

}
