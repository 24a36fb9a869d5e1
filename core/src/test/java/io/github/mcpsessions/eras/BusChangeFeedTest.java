package io.github.mcpsessions.eras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.modelcontextprotocol.modern.server.feature.ServerChange;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import io.github.mcpsessions.messaging.InProcessSessionMessageBus;
import io.github.mcpsessions.repository.InMemorySessionRepository;

/** A change broadcast on one replica reaches the listeners of every replica, once each. */
class BusChangeFeedTest {

	@Test
	void aChangeRaisedOnOneReplicaReachesListenersOnEveryReplicaOnce() {
		InMemorySessionRepository store = new InMemorySessionRepository();
		try (InProcessSessionMessageBus bus = new InProcessSessionMessageBus();
				BusChangeFeed a = BusChangeFeed.builder(bus, store).build();
				BusChangeFeed b = BusChangeFeed.builder(bus, store).build()) {
			List<ServerChange> heardOnA = new CopyOnWriteArrayList<>();
			List<ServerChange> heardOnB = new CopyOnWriteArrayList<>();
			Disposable listenerA = a.changes().subscribe(heardOnA::add);
			Disposable listenerB = b.changes().subscribe(heardOnB::add);

			b.broadcast(new ServerChange.ResourceUpdated("test://watched"));
			a.broadcast(new ServerChange.ToolsListChanged());

			List<ServerChange> expected = List.of(new ServerChange.ResourceUpdated("test://watched"),
					new ServerChange.ToolsListChanged());
			await().atMost(Duration.ofSeconds(5)).until(() -> heardOnA.size() >= 2 && heardOnB.size() >= 2);
			assertThat(heardOnA).containsExactlyElementsOf(expected);
			assertThat(heardOnB).containsExactlyElementsOf(expected);
			listenerA.dispose();
			listenerB.dispose();
		}
	}

	@Test
	void aFeedOverAnotherStoresSecretHearsNothing() {
		try (InProcessSessionMessageBus bus = new InProcessSessionMessageBus();
				BusChangeFeed ours = BusChangeFeed.builder(bus, new InMemorySessionRepository()).build();
				BusChangeFeed theirs = BusChangeFeed.builder(bus, new InMemorySessionRepository()).build()) {
			List<ServerChange> heardByTheirs = new CopyOnWriteArrayList<>();
			List<ServerChange> heardByOurs = new CopyOnWriteArrayList<>();
			Disposable listener = theirs.changes().subscribe(heardByTheirs::add);
			Disposable own = ours.changes().subscribe(heardByOurs::add);

			ours.broadcast(new ServerChange.PromptsListChanged());

			await().atMost(Duration.ofSeconds(5)).until(() -> heardByOurs.size() == 1);
			assertThat(heardByTheirs).isEmpty();
			listener.dispose();
			own.dispose();
		}
	}

	@Test
	void everyKindOfChangeSurvivesTheWireAndUnknownOnesAreDropped() {
		for (ServerChange change : List.of(new ServerChange.ToolsListChanged(), new ServerChange.PromptsListChanged(),
				new ServerChange.ResourcesListChanged(), new ServerChange.ResourceUpdated("test://a b/ü"))) {
			String uri = change instanceof ServerChange.ResourceUpdated updated ? updated.uri() : "";
			assertThat(BusChangeFeed.decode(change.method() + "\n" + uri)).isEqualTo(change);
		}
		assertThat(BusChangeFeed.decode("notifications/unknown\n")).isNull();
		assertThat(BusChangeFeed.decode("notifications/resources/updated\n")).isNull();
	}

}
