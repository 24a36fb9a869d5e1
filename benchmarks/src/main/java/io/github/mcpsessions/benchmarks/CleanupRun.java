package io.github.mcpsessions.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.jdbc.JdbcSessionRepository;
import io.github.mcpsessions.repository.McpSessionRecord;

/**
 * Benchmark 4: deleting 1,000,000 expired PostgreSQL rows, in the cleaner's batches, while 16
 * threads keep restoring live sessions (a store read and a touch, as a restore does); the live
 * latency is measured before and during the clean-up.
 *
 * <p>Arguments: {@code [expiredRows=1000000] [batchSize=1000] [liveSessions=10000]}.
 */
public final class CleanupRun {

	private CleanupRun() {
	}

	public static void main(String[] args) throws Exception {
		int expired = Integer.parseInt(SteadyStateRun.arg(args, 0, "1000000"));
		int batch = Integer.parseInt(SteadyStateRun.arg(args, 1, "1000"));
		int live = Integer.parseInt(SteadyStateRun.arg(args, 2, "10000"));
		String table = "bench_cleanup" + System.nanoTime() % 100000;
		JdbcSessionRepository repository = JdbcSessionRepository.builder()
			.jdbcUrl(Stores.JDBC_URL)
			.tableName(table)
			.maximumPoolSize(10)
			.createSchemaIfMissing(true)
			.build();
		try {
			List<String> liveIds = new ArrayList<>();
			Instant now = Instant.now();
			for (int i = 0; i < live; i++) {
				String id = SessionIds.generate();
				liveIds.add(id);
				repository.save(McpSessionRecord.builder(id)
					.protocolVersion("2025-06-18")
					.createdAt(now)
					.lastAccessedAt(now)
					.expiresAt(now.plus(Duration.ofHours(24)))
					.build());
			}
			long insertStart = System.nanoTime();
			insertExpired(table, expired);
			System.out.printf("cleanup: %d expired rows inserted in %.1f s, %d live sessions, batch %d, %d cores%n", expired,
					(System.nanoTime() - insertStart) / 1e9, live, batch, Runtime.getRuntime().availableProcessors());

			Latencies baseline = restoreLoad(repository, liveIds, () -> pause(5_000));
			long[] deleted = new long[1];
			long[] took = new long[1];
			Latencies during = restoreLoad(repository, liveIds, () -> {
				long start = System.nanoTime();
				int removed;
				do {
					removed = repository.deleteExpired(Instant.now(), batch);
					deleted[0] += removed;
				}
				while (removed > 0);
				took[0] = System.nanoTime() - start;
			});
			System.out.printf("deleted %d rows in %.1f s (%.0f rows/s)%n", deleted[0], took[0] / 1e9,
					deleted[0] / (took[0] / 1e9));
			System.out.println("| live restores (16 threads) | p50 ms | p99 ms | max ms | restores |");
			System.out.println("| --- | ---: | ---: | ---: | ---: |");
			System.out.printf("| before the clean-up (5 s) | %.3f | %.3f | %.3f | %d |%n", baseline.percentileMillis(50),
					baseline.percentileMillis(99), baseline.percentileMillis(100), baseline.count());
			System.out.printf("| during the clean-up | %.3f | %.3f | %.3f | %d |%n", during.percentileMillis(50),
					during.percentileMillis(99), during.percentileMillis(100), during.count());
			if (repository.count() != live) {
				throw new IllegalStateException("expected " + live + " rows left, found " + repository.count());
			}
		}
		finally {
			repository.close();
			execute("DROP TABLE IF EXISTS " + table);
		}
		System.exit(0);
	}

	/** Runs {@code work} while 16 threads restore random live sessions; answers their latencies. */
	private static Latencies restoreLoad(JdbcSessionRepository repository, List<String> ids, Runnable work)
			throws InterruptedException {
		AtomicBoolean running = new AtomicBoolean(true);
		List<Thread> threads = new ArrayList<>();
		List<Latencies> all = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			Latencies latencies = new Latencies();
			all.add(latencies);
			Thread thread = new Thread(() -> {
				while (running.get()) {
					String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
					long start = System.nanoTime();
					McpSessionRecord record = repository.findById(id).orElseThrow();
					Instant now = Instant.now();
					repository.touch(record.id(), now, now.plus(Duration.ofHours(24)));
					latencies.add(System.nanoTime() - start);
				}
			});
			thread.start();
			threads.add(thread);
		}
		work.run();
		running.set(false);
		for (Thread thread : threads) {
			thread.join();
		}
		Latencies merged = new Latencies();
		all.forEach(merged::addAll);
		return merged;
	}

	private static void insertExpired(String table, int rows) throws SQLException {
		execute("INSERT INTO " + table + " (id, format_version, protocol_version, client_info, client_capabilities, "
				+ "created_at, last_accessed_at, expires_at) SELECT 'expired-' || g, 1, '2025-06-18', '{}', '{}', "
				+ "now() - interval '2 days', now() - interval '2 days', now() - interval '1 day' "
				+ "FROM generate_series(1, " + rows + ") AS g");
		execute("ANALYZE " + table);
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(Stores.JDBC_URL); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static void pause(long millis) {
		java.util.concurrent.locks.LockSupport.parkNanos(millis * 1_000_000L);
	}

}
