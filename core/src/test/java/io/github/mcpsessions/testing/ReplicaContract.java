package io.github.mcpsessions.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/**
 * The replica scenarios as tests: each store's replica test extends this class and starts two
 * servers over its store and bus before each test.
 */
public abstract class ReplicaContract {

	/** The first replica, started for this test. */
	protected abstract TestMcpServer replicaA();

	/** The second replica, over the same store and bus. */
	protected abstract TestMcpServer replicaB();

	/** For the measured delay in the test output. */
	protected abstract String storeName();

	@Test
	void aSamplingAnswerPostedToTheOtherReplicaReachesTheWaitingTool() {
		ReplicaScenarios.samplingAnswerCrossesReplicas(replicaA(), replicaB());
	}

	@Test
	void aDeleteOnOneReplicaEndsTheSessionOnTheOtherWithinASecond() {
		Duration delay = ReplicaScenarios.deleteEndsTheSessionEverywhere(replicaA(), replicaB());

		System.out.println(storeName() + ": the other replica dropped the deleted session after " + delay.toMillis() + " ms");
		assertThat(delay).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void aResourceUpdateRaisedOnOneReplicaReachesASubscriptionMadeThroughTheOther() {
		ReplicaScenarios.resourceUpdateCrossesReplicas(replicaA(), replicaB());
	}

	@Test
	void aStoppedReplicaFailsItsPendingRequestInsteadOfLeavingTheClientHanging() {
		ReplicaScenarios.stoppedReplicaFailsPendingRequest(replicaA(), replicaB());
	}

}
