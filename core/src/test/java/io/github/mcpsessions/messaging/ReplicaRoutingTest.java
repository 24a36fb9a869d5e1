package io.github.mcpsessions.messaging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.testing.ReplicaScenarios;
import io.github.mcpsessions.testing.TestMcpServer;

/** Two replicas over one store and one bus act as one server, whichever replica each HTTP request reaches. */
class ReplicaRoutingTest {

	private final SessionRepository store = new InMemorySessionRepository();

	private final InProcessSessionMessageBus bus = new InProcessSessionMessageBus();

	private final TestMcpServer a = TestMcpServer.builder(this.store).messageBus(this.bus).start();

	private final TestMcpServer b = TestMcpServer.builder(this.store).messageBus(this.bus).start();

	@AfterEach
	void stop() {
		this.a.close();
		this.b.close();
		this.bus.close();
	}

	@Test
	void aSamplingAnswerPostedToTheOtherReplicaReachesTheWaitingTool() {
		ReplicaScenarios.samplingAnswerCrossesReplicas(this.a, this.b);
	}

	@Test
	void aDeleteOnOneReplicaEndsTheSessionOnTheOther() {
		ReplicaScenarios.deleteEndsTheSessionEverywhere(this.a, this.b);
	}

	@Test
	void aResourceUpdateRaisedOnOneReplicaReachesASubscriptionMadeThroughTheOther() {
		ReplicaScenarios.resourceUpdateCrossesReplicas(this.a, this.b);
	}

	@Test
	void aStoppedReplicaFailsItsPendingRequestInsteadOfLeavingTheClientHanging() {
		ReplicaScenarios.stoppedReplicaFailsPendingRequest(this.a, this.b);
	}

}
