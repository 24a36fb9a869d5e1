package io.github.mcpsessions.repository;

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


class GroupedCallsTest {

	private final ExecutorService pool = Executors.newCachedThreadPool();

	private final List<List<String>> batches = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		this.pool.shutdownNow();
	}

	@Test
	void savesQueuedWhileABatchIsWrittenAreWrittenTogetherNext() throws Exception {
		CountDownLatch firstWriteStarted = new CountDownLatch(1);
		CountDownLatch releaseFirstWrite = new CountDownLatch(1);
		GroupedCalls<Object[], Void> saves = saves(rows -> {
			record(rows);
			if (this.batches.size() == 1) {
				firstWriteStarted.countDown();
				awaitRelease(releaseFirstWrite);
			}
		}, "test table");
		Future<?> first = this.pool.submit(() -> saves.call(row("a")));
		firstWriteStarted.await(10, TimeUnit.SECONDS);
		List<Future<?>> queued = new ArrayList<>();
		for (String id : List.of("b", "c", "d", "e", "f")) {
			queued.add(this.pool.submit(() -> saves.call(row(id))));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> saves.queued() == 5);
		releaseFirstWrite.countDown();

		first.get(10, TimeUnit.SECONDS);
		for (Future<?> save : queued) {
			save.get(10, TimeUnit.SECONDS);
		}
		assertThat(this.batches).hasSize(2);
		assertThat(this.batches.get(0)).containsExactly("a");
		assertThat(this.batches.get(1)).containsExactlyInAnyOrder("b", "c", "d", "e", "f");
	}

	@Test
	void aRowTheDatabaseRefusesFailsOnlyItsOwnSave() throws Exception {
		CountDownLatch firstWriteStarted = new CountDownLatch(1);
		CountDownLatch releaseFirstWrite = new CountDownLatch(1);
		GroupedCalls<Object[], Void> saves = saves(rows -> {
			record(rows);
			if (this.batches.size() == 1) {
				firstWriteStarted.countDown();
				awaitRelease(releaseFirstWrite);
			}
			if (rows.stream().anyMatch(row -> row[0].equals("bad"))) {
				throw new SQLException("value too long", "22001");
			}
		}, "test table");
		Future<?> first = this.pool.submit(() -> saves.call(row("a")));
		firstWriteStarted.await(10, TimeUnit.SECONDS);
		Future<?> good = this.pool.submit(() -> saves.call(row("good")));
		Future<?> bad = this.pool.submit(() -> saves.call(row("bad")));
		await().atMost(Duration.ofSeconds(10)).until(() -> saves.queued() == 2);
		releaseFirstWrite.countDown();

		first.get(10, TimeUnit.SECONDS);
		good.get(10, TimeUnit.SECONDS);
		assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SessionStoreException.class)
			.hasMessageContaining("test table")
			.hasMessageContaining("value too long");
		assertThat(this.batches).contains(List.of("good"), List.of("bad"));
	}

	@Test
	void aDatabaseOutOfReachFailsTheWholeBatchAtOnce() throws Exception {
		CountDownLatch firstWriteStarted = new CountDownLatch(1);
		CountDownLatch releaseFirstWrite = new CountDownLatch(1);
		GroupedCalls<Object[], Void> saves = saves(rows -> {
			record(rows);
			if (this.batches.size() == 1) {
				firstWriteStarted.countDown();
				awaitRelease(releaseFirstWrite);
			}
			throw new SQLTransientConnectionException("Connection is not available, request timed out after 3000ms");
		}, "test table");
		Future<?> first = this.pool.submit(() -> saves.call(row("a")));
		firstWriteStarted.await(10, TimeUnit.SECONDS);
		List<Future<?>> queued = new ArrayList<>();
		for (String id : List.of("b", "c", "d")) {
			queued.add(this.pool.submit(() -> saves.call(row(id))));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> saves.queued() == 3);
		releaseFirstWrite.countDown();

		for (Future<?> save : queued) {
			assertThatThrownBy(() -> save.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SessionStoreException.class);
		}
		assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SessionStoreException.class);
		assertThat(this.batches).hasSize(2);
	}

	@Test
	void eachCallOfABatchGetsItsOwnOutcome() throws Exception {
		CountDownLatch firstRunStarted = new CountDownLatch(1);
		CountDownLatch releaseFirstRun = new CountDownLatch(1);
		List<List<String>> runs = new CopyOnWriteArrayList<>();
		GroupedCalls<String, String> reads = new GroupedCalls<>(ids -> {
			runs.add(ids);
			if (runs.size() == 1) {
				firstRunStarted.countDown();
				awaitRelease(releaseFirstRun);
			}
			return ids.stream()
				.map(id -> id.startsWith("broken") ? GroupedCalls.Outcome.<String>failed(new IllegalStateException(id))
						: GroupedCalls.Outcome.of("record of " + id))
				.toList();
		}, ex -> new SessionStoreException("Could not find session: " + ex.getMessage(), ex), ex -> false);
		Future<String> first = this.pool.submit(() -> reads.call("a"));
		firstRunStarted.await(10, TimeUnit.SECONDS);
		Future<String> b = this.pool.submit(() -> reads.call("b"));
		Future<String> broken = this.pool.submit(() -> reads.call("broken-1"));
		Future<String> c = this.pool.submit(() -> reads.call("c"));
		await().atMost(Duration.ofSeconds(10)).until(() -> reads.queued() == 3);
		releaseFirstRun.countDown();

		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("record of a");
		assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo("record of b");
		assertThat(c.get(10, TimeUnit.SECONDS)).isEqualTo("record of c");
		assertThatThrownBy(() -> broken.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
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

	private static void awaitRelease(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
