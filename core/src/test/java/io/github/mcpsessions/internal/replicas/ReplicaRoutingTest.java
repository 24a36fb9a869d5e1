package io.github.mcpsessions.internal.replicas;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;

import io.github.mcpsessions.messaging.InProcessSessionMessageBus;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.testing.ChannelOutsider;
import io.github.mcpsessions.testing.ReplicaContract;
import io.github.mcpsessions.testing.TestMcpServer;

/** Two replicas over one store and one in-process bus act as one server, whichever replica each HTTP request reaches. */
class ReplicaRoutingTest extends ReplicaContract {

	private final SessionRepository store = new InMemorySessionRepository();

	private final InProcessSessionMessageBus bus = new InProcessSessionMessageBus();

	ReplicaRoutingTest() {
		super("In-process bus");
		this.a = TestMcpServer.builder(this.store).messageBus(this.bus).start();
		this.b = TestMcpServer.builder(this.store).messageBus(this.bus).start();
	}

	@Override
	protected ChannelOutsider outsider() {
		List<String> heard = new CopyOnWriteArrayList<>();
		this.bus.subscribe(heard::add);
		return new ChannelOutsider() {
			@Override
			public List<String> heard() {
				return heard;
			}

			@Override
			public void send(String raw) {
				ReplicaRoutingTest.this.bus.publish(raw);
			}

			@Override
			public boolean canReadSessions() {
				return false;
			}

			@Override
			public void close() {
			}
		};
	}

	@AfterEach
	void stop() {
		this.a.close();
		this.b.close();
		this.bus.close();
	}

}
