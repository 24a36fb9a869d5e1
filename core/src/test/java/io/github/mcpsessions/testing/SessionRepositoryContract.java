package io.github.mcpsessions.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.repository.ExpiredSessionSweeper;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionCounter;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.repository.SessionsByOwner;
import io.github.mcpsessions.repository.SharedSecrets;

/**
 * The promises every {@link SessionRepository} keeps. Each store's test extends this class and
 * supplies a repository over a clean store; the same tests then run against every store.
 */
public abstract class SessionRepositoryContract {

	/** Times are truncated to milliseconds: the precision every store keeps. */
	private static final Instant FIXED_NOW = Instant.parse("2026-06-01T12:00:00Z");

	private final Instant realNow = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	/** The repository under test, over a store holding no records of this test. */
	protected abstract SessionRepository repository();

	/**
	 * Whether the store deletes expired records by itself on the real clock (Redis): then tests run
	 * at the real time and has no {@link SessionRepository#expiredSessionSweeper()}.
	 */
	protected boolean expiresRecordsItself() {
		return false;
	}

	/** The instant the tests treat as now: a fixed day, or the real time for stores that expire records themselves. */
	protected final Instant now() {
		return expiresRecordsItself() ? this.realNow : FIXED_NOW;
	}

	protected McpSessionRecord record(String id, Instant expiresAt) {
		return record(id, expiresAt, "alice");
	}

	private McpSessionRecord record(String id, Instant expiresAt, String owner) {
		return McpSessionRecord.builder(id)
			.protocolVersion("2025-06-18")
			.clientInfoJson("{\"name\":\"client\",\"version\":\"1.0\"}")
			.clientCapabilitiesJson("{\"roots\":{\"listChanged\":true}}")
			.owner(owner)
			.createdAt(now())
			.expiresAt(expiresAt)
			.attributes(Map.of("colour", "teal", McpSessionRecord.LOGGING_LEVEL_ATTRIBUTE, "ERROR"))
			.build();
	}

	@Test
	void savedRecordIsFoundWithEveryField() {
		String id = SessionIds.generate();
		McpSessionRecord saved = record(id, now().plus(Duration.ofHours(1)));

		repository().save(saved);

		McpSessionRecord found = repository().findById(id).orElseThrow();
		assertThat(found.formatVersion()).isEqualTo(McpSessionRecord.CURRENT_FORMAT_VERSION);
		assertThat(found.id()).isEqualTo(id);
		assertThat(found.protocolVersion()).isEqualTo("2025-06-18");
		assertThat(found.clientInfoJson()).contains("\"name\"").contains("\"client\"");
		assertThat(found.clientCapabilitiesJson()).contains("\"listChanged\"");
		assertThat(found.owner()).isEqualTo("alice");
		assertThat(found.createdAt()).isEqualTo(now());
		assertThat(found.lastAccessedAt()).isEqualTo(now());
		assertThat(found.expiresAt()).isEqualTo(now().plus(Duration.ofHours(1)));
		assertThat(found.attributes()).containsEntry("colour", "teal");
		assertThat(found.loggingLevel()).isEqualTo("ERROR");
	}

	@Test
	void unknownIdIsNotFound() {
		assertThat(repository().findById(SessionIds.generate())).isEmpty();
	}

	@Test
	void saveReplacesTheWholeRecord() {
		String id = SessionIds.generate();
		repository().save(record(id, now().plus(Duration.ofHours(1))));

		repository().save(McpSessionRecord.builder(id).createdAt(now()).expiresAt(now().plusSeconds(60)).build());

		McpSessionRecord found = repository().findById(id).orElseThrow();
		assertThat(found.owner()).isNull();
		assertThat(found.attributes()).isEmpty();
		assertThat(found.expiresAt()).isEqualTo(now().plusSeconds(60));
	}

	@Test
	void touchMovesOnlyAccessAndExpiry() {
		String id = SessionIds.generate();
		repository().save(record(id, now().plus(Duration.ofHours(1))));
		Instant later = now().plus(Duration.ofMinutes(30));

		assertThat(repository().touch(id, later, later.plus(Duration.ofHours(1)))).isTrue();

		McpSessionRecord found = repository().findById(id).orElseThrow();
		assertThat(found.lastAccessedAt()).isEqualTo(later);
		assertThat(found.expiresAt()).isEqualTo(later.plus(Duration.ofHours(1)));
		assertThat(found.createdAt()).isEqualTo(now());
		assertThat(found.attributes()).containsEntry("colour", "teal");
	}

	@Test
	void touchOfUnknownIdReportsFalse() {
		assertThat(repository().touch(SessionIds.generate(), now(), now().plusSeconds(1))).isFalse();
	}

	@Test
	void attributeChangesAreMergedAndNullRemoves() {
		String id = SessionIds.generate();
		repository().save(record(id, now().plus(Duration.ofHours(1))));
		Map<String, String> changes = new HashMap<>();
		changes.put("size", "L");
		changes.put("colour", null);

		assertThat(repository().updateAttributes(id, changes)).isTrue();

		McpSessionRecord found = repository().findById(id).orElseThrow();
		assertThat(found.attributes()).containsEntry("size", "L")
			.containsEntry(McpSessionRecord.LOGGING_LEVEL_ATTRIBUTE, "ERROR")
			.doesNotContainKey("colour");
	}

	@Test
	void attributeChangesToUnknownIdReportFalse() {
		assertThat(repository().updateAttributes(SessionIds.generate(), Map.of("a", "b"))).isFalse();
	}

	@Test
	void concurrentSavesAreAllStoredWhole() throws Exception {
		int savers = 16;
		int savesEach = 20;
		List<String> shared = List.of(SessionIds.generate(), SessionIds.generate());
		List<String> own = new java.util.concurrent.CopyOnWriteArrayList<>();
		concurrently(savers, saver -> {
			for (int i = 0; i < savesEach; i++) {
				String id = SessionIds.generate();
				repository().save(record(id, now().plus(Duration.ofHours(1))));
				own.add(id);
				McpSessionRecord again = record(shared.get(i % 2), now().plus(Duration.ofHours(1)));
				repository().save(again.withAttributeChanges(Map.of("saver", Integer.toString(saver))));
			}
		});

		assertThat(own).hasSize(savers * savesEach);
		for (String id : own) {
			assertThat(repository().findById(id)).hasValueSatisfying(found -> {
				assertThat(found.owner()).isEqualTo("alice");
				assertThat(found.attributes()).containsEntry("colour", "teal");
			});
		}
		for (String id : shared) {
			assertThat(repository().findById(id).orElseThrow().attributes()).containsKey("saver");
		}
	}

	@Test
	void concurrentFindsEachGetTheirOwnRecordOrNothing() throws Exception {
		List<String> stored = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			String id = SessionIds.generate();
			repository().save(record(id, now().plus(Duration.ofHours(1))).withAttributeChanges(Map.of("self", id)));
			stored.add(id);
		}
		concurrently(16, offset -> {
			for (int i = 0; i < 40; i++) {
				String id = stored.get((i + offset) % stored.size());
				assertThat(repository().findById(id).orElseThrow().attributes()).containsEntry("self", id);
				assertThat(repository().findById(SessionIds.generate())).isEmpty();
			}
		});
	}

	@Test
	void aRecordWithThousandsOfAttributesIsSavedWhole() {
		String id = SessionIds.generate();
		Map<String, String> attributes = new HashMap<>();
		for (int i = 0; i < 3000; i++) {
			attributes.put("name-" + i, "value-" + i);
		}
		repository().save(record(id, now().plus(Duration.ofHours(1))).withAttributeChanges(attributes));

		assertThat(repository().findById(id).orElseThrow().attributes()).containsAllEntriesOf(attributes)
			.containsEntry("colour", "teal");
	}

	@Test
	void concurrentWritesOfDifferentAttributesLoseNone() throws Exception {
		String id = SessionIds.generate();
		repository().save(record(id, now().plus(Duration.ofHours(1))));
		int writers = 8;
		int writesEach = 25;
		concurrently(writers, writer -> {
			for (int i = 0; i < writesEach; i++) {
				repository().updateAttributes(id, Map.of("w" + writer + "-" + i, "v" + i));
			}
		});

		Map<String, String> attributes = repository().findById(id).orElseThrow().attributes();
		for (int w = 0; w < writers; w++) {
			for (int i = 0; i < writesEach; i++) {
				assertThat(attributes).containsEntry("w" + w + "-" + i, "v" + i);
			}
		}
	}

	@Test
	void deletedRecordIsGone() {
		String id = SessionIds.generate();
		repository().save(record(id, now().plus(Duration.ofHours(1))));

		assertThat(repository().deleteById(id)).isTrue();

		assertThat(repository().findById(id)).isEmpty();
		assertThat(repository().deleteById(id)).isFalse();
	}

	@Test
	void deleteExpiredRemovesOnlyExpiredRecordsInBatches() {
		List<String> expired = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String id = SessionIds.generate();
			expired.add(id);
			repository().save(record(id, now().minus(Duration.ofMinutes(i + 1))));
		}
		String live = SessionIds.generate();
		repository().save(record(live, now().plus(Duration.ofMinutes(1))));

		Optional<ExpiredSessionSweeper> sweeper = repository().expiredSessionSweeper();
		if (expiresRecordsItself()) {
			assertThat(sweeper).isEmpty();
		}
		else {
			assertThat(sweeper.orElseThrow().deleteExpired(now(), 3)).isEqualTo(3);
			assertThat(sweeper.orElseThrow().deleteExpired(now(), 3)).isEqualTo(2);
			assertThat(sweeper.orElseThrow().deleteExpired(now(), 3)).isZero();
		}
		expired.forEach(id -> assertThat(repository().findById(id)).isEmpty());
		assertThat(repository().findById(live)).isPresent();
	}

	@Test
	void countIncludesEverySavedRecord() {
		SessionCounter counter = repository().counter().orElseThrow();
		long before = counter.count();
		repository().save(record(SessionIds.generate(), now().plus(Duration.ofHours(1))));
		repository().save(record(SessionIds.generate(), now().plus(Duration.ofHours(1))));

		assertThat(counter.count()).isEqualTo(before + 2);
	}

	@Test
	void sessionsAreFoundByTheirOwnerOnly() {
		String owner = "owner-" + SessionIds.generate();
		List<String> owned = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String id = SessionIds.generate();
			owned.add(id);
			repository().save(record(id, now().plus(Duration.ofHours(1)), owner));
		}
		repository().save(record(SessionIds.generate(), now().plus(Duration.ofHours(1)), owner + "-other"));
		SessionsByOwner byOwner = repository().sessionsByOwner().orElseThrow();

		assertThat(byOwner.findIdsByOwner(owner, 10)).containsExactlyInAnyOrderElementsOf(owned);
		assertThat(byOwner.findIdsByOwner(owner, 2)).hasSize(2).isSubsetOf(owned);
		assertThat(byOwner.findIdsByOwner("nobody-" + SessionIds.generate(), 10)).isEmpty();
		repository().deleteById(owned.get(0));
		assertThat(byOwner.findIdsByOwner(owner, 10)).containsExactlyInAnyOrderElementsOf(owned.subList(1, 3));
	}

	@Test
	void timesKeepMillisecondPrecision() {
		String id = SessionIds.generate();
		Instant precise = now().plusMillis(123);
		repository().save(McpSessionRecord.builder(id).createdAt(precise).expiresAt(precise.plusSeconds(60)).build());

		assertThat(repository().findById(id).orElseThrow().createdAt().truncatedTo(ChronoUnit.MILLIS))
			.isEqualTo(precise);
	}

	@Test
	void aSharedSecretIsCreatedOnceAndTheSameForEveryCaller() throws Exception {
		SharedSecrets secrets = repository().sharedSecrets().orElseThrow();
		String name = "test-" + System.nanoTime();
		java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(8);
		try {
			List<java.util.concurrent.Future<byte[]>> answers = new java.util.ArrayList<>();
			for (int i = 0; i < 8; i++) {
				byte[] candidate = new byte[32];
				java.util.Arrays.fill(candidate, (byte) i);
				answers.add(callers.submit(() -> secrets.getOrCreate(name, candidate)));
			}
			byte[] first = answers.get(0).get();
			for (java.util.concurrent.Future<byte[]> answer : answers) {
				assertThat(answer.get()).isEqualTo(first);
			}
			assertThat(secrets.getOrCreate(name, new byte[32])).isEqualTo(first);
		}
		finally {
			callers.shutdownNow();
		}
	}

	/** Runs {@code task} on {@code threads} threads started together, and waits for all (60 s at most). */
	private static void concurrently(int threads, ThreadTask task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				futures.add(pool.submit(() -> {
					start.await();
					task.run(thread);
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@FunctionalInterface
	private interface ThreadTask {

		void run(int thread) throws Exception;

	}

}
