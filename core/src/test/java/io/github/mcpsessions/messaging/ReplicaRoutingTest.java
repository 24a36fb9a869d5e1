package io.github.mcpsessions.messaging;

import org.junit.jupiter.api.AfterEach;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionRepository;
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

	@AfterEach
	void stop() {
		this.a.close();
		this.b.close();
		this.bus.close();
	}

}
