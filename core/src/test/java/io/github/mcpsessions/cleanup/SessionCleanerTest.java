package io.github.mcpsessions.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.testing.CountingSessionRepository;
import io.github.mcpsessions.testing.MutableClock;

class SessionCleanerTest {

	private final MutableClock clock = MutableClock.atFixedInstant();

	private final CountingSessionRepository store = new CountingSessionRepository(new InMemorySessionRepository());

	private void save(int count, Duration ttl) {
		for (int i = 0; i < count; i++) {
			this.store.save(McpSessionRecord.builder(SessionIds.generate())
				.createdAt(this.clock.instant())
				.expiresAt(this.clock.instant().plus(ttl))
				.build());
		}
	}

	@Test
	void deletesEveryExpiredRecordInBatchesAndKeepsLiveOnes() {
		save(7, Duration.ofMinutes(1));
		save(3, Duration.ofHours(1));
		this.clock.advance(Duration.ofMinutes(2));
		SessionCleaner cleaner = new SessionCleaner(this.store, this.clock, Duration.ofMinutes(1), 3);

		assertThat(cleaner.runOnce()).isEqualTo(7);

		assertThat(this.store.counter().orElseThrow().count()).isEqualTo(3);
		assertThat(this.store.calls("deleteExpired")).isEqualTo(3);
	}

	@Test
	void aFailingStoreIsReportedAndTheNextRunTriesAgain() {
		save(2, Duration.ofMinutes(1));
		this.clock.advance(Duration.ofMinutes(2));
		SessionCleaner cleaner = new SessionCleaner(this.store, this.clock, Duration.ofMinutes(1), 10);
		this.store.goDown();

		assertThat(cleaner.runOnce()).isEqualTo(-1);

		this.store.comeBack();
		assertThat(cleaner.runOnce()).isEqualTo(2);
	}

	@Test
	void runsOnItsScheduleAndStopsOnClose() {
		save(1, Duration.ofMinutes(1));
		this.clock.advance(Duration.ofMinutes(2));
		SessionCleaner cleaner = new SessionCleaner(this.store, this.clock, Duration.ofMillis(50), 10);

		cleaner.start();
		assertThat(cleaner.isRunning()).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.counter().orElseThrow().count() == 0);
		cleaner.close();

		assertThat(cleaner.isRunning()).isFalse();
	}

}
