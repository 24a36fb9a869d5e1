package io.github.mcpsessions.internal.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.SessionStoreException;


class GroupedCallsTest {

	private final ExecutorService pool = Executors.newCachedThreadPool();

	private final List<List<String>> batches = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		this.pool.shutdownNow();
	}

	@Test
	void savesQueuedWhileABatchIsWrittenAreWrittenTogetherNext() throws Exception {
		FirstBatchHeld held = new FirstBatchHeld();
		GroupedCalls<Object[], Void> saves = saves(rows -> {
			record(rows);
			held.holdIf(this.batches.size() == 1);
		}, "test table");
		List<Future<Void>> calls = held.run(saves, row("a"), List.of(row("b"), row("c"), row("d"), row("e"), row("f")));

		for (Future<Void> save : calls) {
			save.get(10, TimeUnit.SECONDS);
		}
		assertThat(this.batches).hasSize(2);
		assertThat(this.batches.get(0)).containsExactly("a");
		assertThat(this.batches.get(1)).containsExactlyInAnyOrder("b", "c", "d", "e", "f");
	}

	@Test
	void aRowTheDatabaseRefusesFailsOnlyItsOwnSave() throws Exception {
		FirstBatchHeld held = new FirstBatchHeld();
		GroupedCalls<Object[], Void> saves = saves(rows -> {
			record(rows);
			held.holdIf(this.batches.size() == 1);
			if (rows.stream().anyMatch(row -> row[0].equals("bad"))) {
				throw new SQLException("value too long", "22001");
			}
		}, "test table");
		List<Future<Void>> calls = held.run(saves, row("a"), List.of(row("good"), row("bad")));

		calls.get(0).get(10, TimeUnit.SECONDS);
		calls.get(1).get(10, TimeUnit.SECONDS);
		assertThatThrownBy(() -> calls.get(2).get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SessionStoreException.class)
			.hasMessageContaining("test table")
			.hasMessageContaining("value too long");
		assertThat(this.batches).contains(List.of("good"), List.of("bad"));
	}

	@Test
	void aDatabaseOutOfReachFailsTheWholeBatchAtOnce() throws Exception {
		FirstBatchHeld held = new FirstBatchHeld();
		GroupedCalls<Object[], Void> saves = saves(rows -> {
			record(rows);
			held.holdIf(this.batches.size() == 1);
			throw new SQLTransientConnectionException("Connection is not available, request timed out after 3000ms");
		}, "test table");
		List<Future<Void>> calls = held.run(saves, row("a"), List.of(row("b"), row("c"), row("d")));

		for (Future<Void> save : calls) {
			assertThatThrownBy(() -> save.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SessionStoreException.class);
		}
		assertThat(this.batches).hasSize(2);
	}

	@Test
	void eachCallOfABatchGetsItsOwnOutcome() throws Exception {
		FirstBatchHeld held = new FirstBatchHeld();
		List<List<String>> runs = new CopyOnWriteArrayList<>();
		GroupedCalls<String, String> reads = new GroupedCalls<>(ids -> {
			runs.add(ids);
			held.holdIf(runs.size() == 1);
			return ids.stream()
				.map(id -> id.startsWith("broken") ? GroupedCalls.Outcome.<String>failed(new IllegalStateException(id))
						: GroupedCalls.Outcome.of("record of " + id))
				.toList();
		}, ex -> new SessionStoreException("Could not find session: " + ex.getMessage(), ex), ex -> false);
		List<Future<String>> calls = held.run(reads, "a", List.of("b", "broken-1", "c"));

		assertThat(calls.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("record of a");
		assertThat(calls.get(1).get(10, TimeUnit.SECONDS)).isEqualTo("record of b");
		assertThat(calls.get(3).get(10, TimeUnit.SECONDS)).isEqualTo("record of c");
		assertThatThrownBy(() -> calls.get(2).get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
		assertThat(runs).hasSize(2);
		assertThat(runs.get(1)).containsExactlyInAnyOrder("b", "broken-1", "c");
	}

	@Test
	void manyConcurrentSavesAllReturnOnceWritten() throws Exception {
		List<String> written = new CopyOnWriteArrayList<>();
		GroupedCalls<Object[], Void> saves = saves(rows -> rows.forEach(row -> written.add((String) row[0])), "test table");
		List<Future<?>> all = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			String id = "id-" + i;
			all.add(this.pool.submit(() -> {
				saves.call(row(id));
				assertThat(written).contains(id);
			}));
		}
		for (Future<?> save : all) {
			save.get(30, TimeUnit.SECONDS);
		}
		assertThat(written).hasSize(2000).doesNotHaveDuplicates();
	}

	/** Grouped calls over {@code write}, answering each row's call with nothing. */
	private static GroupedCalls<Object[], Void> saves(Writer write, String table) {
		return new GroupedCalls<>(rows -> {
			write.write(rows);
			return java.util.Collections.nCopies(rows.size(), GroupedCalls.Outcome.<Void>of(null));
		}, ex -> new SessionStoreException("Could not save session in " + table + ": " + ex.getMessage(), ex),
				ex -> ex instanceof SQLException && !(ex instanceof SQLTransientConnectionException));
	}

	@FunctionalInterface
	private interface Writer {

		void write(List<Object[]> rows) throws SQLException;

	}

	private void record(List<Object[]> rows) {
		this.batches.add(rows.stream().map(row -> (String) row[0]).toList());
	}

	private static Object[] row(String id) {
		return new Object[] { id, "value" };
	}

	/**
	 * Holds the first batch in its run until the calls sent behind it are all queued, so those are
	 * known to form the next batch; answers every call's future, the first call's first.
	 */
	private final class FirstBatchHeld {

		private final CountDownLatch started = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		void holdIf(boolean firstBatch) {
			if (firstBatch) {
				this.started.countDown();
				awaitRelease(this.released);
			}
		}

		<I, O> List<Future<O>> run(GroupedCalls<I, O> calls, I first, List<I> behind) throws InterruptedException {
			List<Future<O>> futures = new ArrayList<>();
			futures.add(GroupedCallsTest.this.pool.submit(() -> calls.call(first)));
			this.started.await(10, TimeUnit.SECONDS);
			for (I input : behind) {
				futures.add(GroupedCallsTest.this.pool.submit(() -> calls.call(input)));
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> calls.queued() == behind.size());
			this.released.countDown();
			return futures;
		}

	}

	private static void awaitRelease(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
