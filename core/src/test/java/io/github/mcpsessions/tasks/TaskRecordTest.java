package io.github.mcpsessions.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

/** A task's changes: each the next version, none out of a terminal status, and records checked as input. */
class TaskRecordTest {

	private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

	private final TaskRecord task = TaskRecord.created("t1", "alice", "slow_compute", "{}", NOW, Duration.ofMinutes(5),
			Duration.ofSeconds(1), "replica-a", NOW.plusSeconds(10));

	@Test
	void aNewTaskWorksAtVersionZeroAndExpiresAfterItsTtl() {
		assertThat(this.task.status()).isEqualTo(TaskStatus.WORKING);
		assertThat(this.task.version()).isZero();
		assertThat(this.task.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
		assertThat(this.task.isExpiredAt(this.task.expiresAt())).isFalse();
		assertThat(this.task.isExpiredAt(this.task.expiresAt().plusMillis(1))).isTrue();
	}

	@Test
	void inputRoundsMoveBetweenInputRequiredAndWorking() {
		TaskRecord asking = this.task.requiringInput("{\"a\":{},\"b\":{}}", NOW.plusSeconds(1));
		TaskRecord half = asking.answered("{\"b\":{}}", "{\"a\":{\"action\":\"accept\"}}", NOW.plusSeconds(2));
		TaskRecord all = half.answered(null, "{\"a\":{},\"b\":{}}", NOW.plusSeconds(3));

		assertThat(asking.status()).isEqualTo(TaskStatus.INPUT_REQUIRED);
		assertThat(half.status()).isEqualTo(TaskStatus.INPUT_REQUIRED);
		assertThat(half.inputRequests()).isEqualTo("{\"b\":{}}");
		assertThat(all.status()).isEqualTo(TaskStatus.WORKING);
		assertThat(all.inputRequests()).isNull();
		assertThat(all.version()).isEqualTo(3);
		assertThat(all.lastUpdatedAt()).isEqualTo(NOW.plusSeconds(3));
	}

	@Test
	void aLeaseRenewalDoesNotCountAsAnUpdateTheClientSees() {
		TaskRecord renewed = this.task.leasedTo("replica-a", NOW.plusSeconds(30));

		assertThat(renewed.lastUpdatedAt()).isEqualTo(this.task.lastUpdatedAt());
		assertThat(renewed.version()).isEqualTo(1);
		assertThat(renewed.isAbandonedAt(NOW.plusSeconds(30))).isFalse();
		assertThat(renewed.isAbandonedAt(NOW.plusSeconds(31))).isTrue();
	}

	@Test
	void terminalStatusesAreFinalAndEndTheLease() {
		List<TaskRecord> ends = List.of(this.task.completed("{\"content\":[]}", NOW), this.task.failed("{\"code\":-1}", NOW),
				this.task.cancelled(NOW));
		List<UnaryOperator<TaskRecord>> changes = List.of(t -> t.withStatusMessage("x", NOW),
				t -> t.requiringInput("{}", NOW), t -> t.answered(null, "{}", NOW), t -> t.withCancelRequested(NOW),
				t -> t.leasedTo("replica-b", NOW), t -> t.completed("{}", NOW), t -> t.failed("{}", NOW),
				t -> t.cancelled(NOW));

		for (TaskRecord end : ends) {
			assertThat(end.status().isTerminal()).isTrue();
			assertThat(end.runner()).isNull();
			assertThat(end.isAbandonedAt(NOW.plus(Duration.ofDays(1)))).isFalse();
			for (UnaryOperator<TaskRecord> change : changes) {
				assertThatIllegalStateException().isThrownBy(() -> change.apply(end));
			}
		}
	}

	@Test
	void aRecordMissingWhatItsStatusNeedsIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TaskRecord("t1", null, "x", "{}", TaskStatus.COMPLETED,
				null, NOW, NOW, Duration.ofSeconds(1), Duration.ofSeconds(1), null, null, null, null, false, null, null, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new TaskRecord("t1", null, "x", "{}", TaskStatus.FAILED,
				null, NOW, NOW, Duration.ofSeconds(1), Duration.ofSeconds(1), null, null, null, null, false, null, null, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new TaskRecord("t1", null, "x", "{}",
				TaskStatus.INPUT_REQUIRED, null, NOW, NOW, Duration.ofSeconds(1), Duration.ofSeconds(1), null, null, null,
				null, false, null, null, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new TaskRecord("x".repeat(65), null, "x", "{}",
				TaskStatus.WORKING, null, NOW, NOW, Duration.ofSeconds(1), Duration.ofSeconds(1), null, null, null, null,
				false, null, null, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> TaskRecord.created("t1", null, "x", "{}", NOW, Duration.ZERO,
				Duration.ofSeconds(1), null, null));
	}

	@Test
	void statusesHaveTheirWireNames() {
		assertThat(TaskStatus.fromWireName("input_required")).isEqualTo(TaskStatus.INPUT_REQUIRED);
		assertThatIllegalArgumentException().isThrownBy(() -> TaskStatus.fromWireName("INPUT_REQUIRED"));
		assertThat(this.task.toString()).doesNotContain("alice").startsWith("TaskRecord[t1");
	}

}
