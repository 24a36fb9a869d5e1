package io.github.mcpsessions.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The replica scenarios as tests: each store's replica test extends this class and, before each
 * test, starts {@link #a} and {@link #b} over its store and bus.
 */
public abstract class ReplicaContract {

	private final String storeName;

	/** The first replica, started for this test. */
	protected TestMcpServer a;

	/** The second replica, over the same store and bus. */
	protected TestMcpServer b;

	/** Someone on the bus's channel without access to the store; the test closes it. */
	protected abstract ChannelOutsider outsider();

	@Test
	void anOutsiderOnTheChannelHearsNoSessionId() {
		try (ChannelOutsider outsider = outsider()) {
			OutsiderScenarios.hearsNoSessionId(this.a, this.b, outsider);
		}
	}

	@Test
	void anOutsiderOnTheChannelForgesNothingAndStopsNothing() {
		try (ChannelOutsider outsider = outsider()) {
			OutsiderScenarios.forgesNothing(this.a, this.b, outsider);
		}
	}

	/** @param storeName for the measured delay in the test output */
	protected ReplicaContract(String storeName) {
		this.storeName = storeName;
	}

	@Test
	@Tag("sdk-2.2")
	void aServerChangeBroadcastOnOneReplicaReachesTheListenersOfBothOnce() {
		ModernReplicaScenarios.serverChangeCrossesReplicas(this.a, this.b);
	}

	@Test
	void aSamplingAnswerPostedToTheOtherReplicaReachesTheWaitingTool() {
		ReplicaScenarios.samplingAnswerCrossesReplicas(this.a, this.b);
	}

	@Test
	void aDeleteOnOneReplicaEndsTheSessionOnTheOtherWithinASecond() {
		Duration delay = ReplicaScenarios.deleteEndsTheSessionEverywhere(this.a, this.b);

		System.out.println(this.storeName + ": the other replica dropped the deleted session after " + delay.toMillis() + " ms");
		assertThat(delay).isLessThan(Duration.ofSeconds(1));
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
