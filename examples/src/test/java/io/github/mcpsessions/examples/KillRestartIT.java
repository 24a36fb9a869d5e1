package io.github.mcpsessions.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
		List<WritingClient> clients = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			clients.add(new WritingClient(url, WritingClient.OnFailure.RETRY));
		}
		clients.forEach(WritingClient::start);
		try {
			for (int kill = 0; kill < KILLS; kill++) {
				WritingClient.awaitProgress(clients);
				server.kill();
				server = ExampleProcess.start(port, this.folder, options);
			}
			WritingClient.awaitProgress(clients);
		}
		finally {
			WritingClient.stopAll(clients);
		}
		try {
			for (WritingClient client : clients) {
				assertThat(client.notFound).as("404 answers for a live session").isEmpty();
			}
			WritingClient.assertEveryAcknowledgedValueIsThere(url, clients);
		}
		finally {
			server.close();
		}
		return clients.stream().map(client -> client.sessionId).toList();
	}

}
