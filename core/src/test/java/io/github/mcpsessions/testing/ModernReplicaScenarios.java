package io.github.mcpsessions.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.modelcontextprotocol.modern.server.feature.ServerChange;
import reactor.core.Disposable;

import io.github.mcpsessions.eras.BusChangeFeed;

/** What MCP 2026-07-28 servers get across replicas over a real bus (needs SDK 2.2). */
public final class ModernReplicaScenarios {

	private ModernReplicaScenarios() {
	}

	/** A change broadcast on B reaches the listeners on A and on B, once each, over the replicas' bus and store. */
	public static void serverChangeCrossesReplicas(TestMcpServer a, TestMcpServer b) {
		try (BusChangeFeed onA = BusChangeFeed.builder(a.messageBus(), a.repository()).build();
				BusChangeFeed onB = BusChangeFeed.builder(b.messageBus(), b.repository()).build()) {
			List<ServerChange> heardOnA = new CopyOnWriteArrayList<>();
			List<ServerChange> heardOnB = new CopyOnWriteArrayList<>();
			Disposable listenerA = onA.changes().subscribe(heardOnA::add);
			Disposable listenerB = onB.changes().subscribe(heardOnB::add);
			ServerChange change = new ServerChange.ResourceUpdated("test://watched");

			onB.broadcast(change);

			await().atMost(Duration.ofSeconds(5)).until(() -> !heardOnA.isEmpty() && !heardOnB.isEmpty());
			onA.broadcast(new ServerChange.ToolsListChanged());
			await().atMost(Duration.ofSeconds(5)).until(() -> heardOnA.size() == 2 && heardOnB.size() == 2);
			assertThat(heardOnA).containsExactly(change, new ServerChange.ToolsListChanged());
			assertThat(heardOnB).containsExactly(change, new ServerChange.ToolsListChanged());
			listenerA.dispose();
			listenerB.dispose();
		}
	}

}
