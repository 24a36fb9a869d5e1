package io.github.mcpsessions.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.TestClients;
import io.github.mcpsessions.testing.TestMcpServer;
import io.modelcontextprotocol.client.McpSyncClient;

/** Two replicas over one store, with a client whose requests alternate between them. */
class ReplicasTest {

	@Test
	void everyCallSucceedsWhicheverReplicaItLandsOn() {
		InMemorySessionRepository store = new InMemorySessionRepository();
		try (TestMcpServer a = TestMcpServer.builder(store).start();
				TestMcpServer b = TestMcpServer.builder(store).start()) {
			McpSyncClient client = TestClients.alternating(List.of(a.url(), b.url()));
			try {
				client.initialize();
				for (int i = 0; i < 10; i++) {
					assertThat(TestClients.call(client, "remember", Map.of("key", "k" + i, "value", "v" + i)))
						.isEqualTo("ok");
					assertThat(TestClients.call(client, "recall", Map.of("key", "k" + i))).isEqualTo("v" + i);
				}
				assertThat(a.restores() + b.restores()).isEqualTo(1);
			}
			finally {
				client.closeGracefully();
			}
		}
	}

}
