package io.github.mcpsessions.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.repository.McpSessionRecord;

/**
 * Every behaviour of {@link CachingSessionRepositoryTest} again with the sessions held by the SDK
 * (their records outside the bounded cache, in {@link HeldRecord}s), and what holding adds.
 */
class HeldRecordsTest extends CachingSessionRepositoryTest {

	@Override
	void save(McpSessionRecord record) {
		// The order of a new session: the SDK holds it before its record is saved.
		this.cache.hold(record.id(), false);
		this.cache.save(record);
	}

	private McpSessionRecord record(Instant createdAt) {
		return McpSessionRecord.builder(SessionIds.generate())
			.createdAt(createdAt)
			.expiresAt(createdAt.plus(Duration.ofHours(24)))
			.build();
	}

	@Test
	void heldRecordsAreNotEvictedByOtherLookups() {
		CachingSessionRepository small = CachingSessionRepository.builder(this.store).maximumSize(1).build();
		List<McpSessionRecord> records = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			McpSessionRecord record = record(NOW);
			small.hold(record.id(), false);
			small.save(record);
			records.add(record);
		}
		for (int i = 0; i < 50; i++) {
			small.findById(SessionIds.generate());
		}
		this.store.reset();

		records.forEach(record -> assertThat(small.findById(record.id())).contains(record));
		assertThat(this.store.calls("findById")).isZero();
	}

	@Test
	void aRecordReadBeforeTheSdkTookTheSessionMovesWithoutAStoreRead() {
		McpSessionRecord record = record(NOW);
		this.store.save(record);
		this.cache.findById(record.id());
		this.store.reset();

		this.cache.hold(record.id(), true);

		assertThat(this.cache.findById(record.id())).contains(record);
		assertThat(this.store.totalCalls()).isZero();
		assertThat(this.cache.latestHolding(record.id(), null).restored()).isTrue();
	}

	@Test
	void releaseKeepsTheUsesRecordedHereAndFlushWritesThem() {
		McpSessionRecord record = saved();
		Object holding = holdAgain(record);
		Instant used = NOW.plusSeconds(30);
		this.cache.touch(record.id(), used, used.plus(Duration.ofHours(24)));

		this.cache.release(record.id(), holding);

		assertThat(this.cache.latestHolding(record.id(), null)).isNull();
		assertThat(this.cache.findById(record.id()).orElseThrow().lastAccessedAt()).isEqualTo(used);
		assertThat(this.store.calls("findById")).isZero();
		assertThat(this.cache.flushTouches()).isEqualTo(1);
		assertThat(this.store.findById(record.id()).orElseThrow().lastAccessedAt()).isEqualTo(used);
	}

	@Test
	void flushWritesTheUsesOfHeldSessionsOnce() {
		McpSessionRecord record = saved();
		Instant used = NOW.plusSeconds(30);
		this.cache.touch(record.id(), used, used.plus(Duration.ofHours(24)));

		assertThat(this.cache.flushTouches()).isEqualTo(1);
		assertThat(this.cache.flushTouches()).isZero();
		assertThat(this.store.findById(record.id()).orElseThrow().lastAccessedAt()).isEqualTo(used);
		assertThat(this.cache.findById(record.id()).orElseThrow().lastAccessedAt()).isEqualTo(used);
	}

	@Test
	void anOlderHoldingsReleaseLeavesANewerOne() {
		McpSessionRecord record = record(NOW);
		Object first = this.cache.hold(record.id(), false);
		this.cache.save(record);
		Object second = this.cache.hold(record.id(), true);

		this.cache.release(record.id(), first);

		assertThat(this.cache.latestHolding(record.id(), null).restored()).isTrue();
		this.cache.release(record.id(), second);
		assertThat(this.cache.latestHolding(record.id(), null)).isNull();
	}

	@Test
	void theLatestHoldingOfTwoCachesIsTheOneTakenLast() {
		CachingSessionRepository other = CachingSessionRepository.builder(this.store).build();
		String id = SessionIds.generate();
		this.cache.hold(id, false);
		other.hold(id, true);

		CachingSessionRepository.Holding mine = this.cache.latestHolding(id, null);
		CachingSessionRepository.Holding latest = other.latestHolding(id, mine);

		assertThat(latest.restored()).isTrue();
		assertThat(this.cache.latestHolding(id, latest)).isSameAs(latest);
	}

	@Test
	void anInvalidatedHeldRecordIsReadFromTheStoreAgain() {
		McpSessionRecord record = saved();
		McpSessionRecord changed = record.withAttributeChanges(java.util.Map.of("k", "v"));
		this.store.save(changed);
		this.store.reset();

		this.cache.invalidate(record.id());

		assertThat(this.cache.findById(record.id())).contains(changed);
		assertThat(this.cache.findById(record.id())).contains(changed);
		assertThat(this.store.calls("findById")).isEqualTo(1);
	}

	@Test
	void theSweeperForgetsExpiredHeldRecords() {
		McpSessionRecord record = saved();
		this.store.deleteById(record.id());
		this.store.reset();

		this.cache.expiredSessionSweeper().orElseThrow().deleteExpired(NOW.plus(Duration.ofDays(2)), 100);

		assertThat(this.cache.findById(record.id())).isEmpty();
		assertThat(this.store.calls("findById")).isEqualTo(1);
	}

	@Test
	void timesBeyondNanosecondsSinceTheEpochStayInTheBoundedCache() {
		McpSessionRecord farFuture = record(Instant.parse("2400-01-01T00:00:00Z"));
		McpSessionRecord farPast = record(Instant.parse("1600-01-01T00:00:00Z"));
		save(farFuture);
		save(farPast);
		this.store.reset();

		assertThat(this.cache.findById(farFuture.id())).contains(farFuture);
		assertThat(this.cache.findById(farPast.id())).contains(farPast);
		assertThat(this.store.totalCalls()).isZero();
		assertThat(this.cache.latestHolding(farFuture.id(), null)).isNotNull();
	}

	@Test
	void heldReadsCountAsHits() {
		McpSessionRecord record = saved();
		long hits = this.cache.stats().hitCount();

		this.cache.findById(record.id());

		assertThat(this.cache.stats().hitCount()).isEqualTo(hits + 1);
	}

	/** Holds {@code record}'s session again, as a restore before the old session's close would; the new holding. */
	private Object holdAgain(McpSessionRecord record) {
		return this.cache.hold(record.id(), true);
	}

}
