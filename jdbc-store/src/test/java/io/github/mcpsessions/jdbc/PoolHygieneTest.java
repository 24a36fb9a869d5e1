package io.github.mcpsessions.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.repository.McpSessionRecord;

/** Many threads, many operations, few connections: the pool made from a URL never grows past its maximum and leaks none. */
class PoolHygieneTest {

	private static final int THREADS = 16;

	private static final int OPERATIONS = 10_000;

	private static final int MAXIMUM_POOL_SIZE = 4;

	private final TestDatabase database = TestDatabase.postgres();

	private final String poolName = "mcp-sessions-hygiene-" + SessionIds.generate().substring(0, 8);

	private String schema;

	private JdbcSessionRepository repository;

	@BeforeEach
	void start() {
		this.schema = this.database.createSchema();
		this.repository = JdbcSessionRepository.builder()
			.jdbcUrl(this.database.url())
			.username(this.database.username())
			.password(this.database.password())
			.poolName(this.poolName)
			.maximumPoolSize(MAXIMUM_POOL_SIZE)
			.tableName(this.schema + ".mcp_session")
			.createSchemaIfMissing(true)
			.build();
	}

	@AfterEach
	void stop() {
		this.repository.close();
		this.database.dropSchema(this.schema);
	}

	@Test
	void tenThousandMixedOperationsFromSixteenThreadsLeaveNoConnectionBusy() throws Exception {
		List<String> ids = new ArrayList<>();
		Instant now = Instant.now();
		for (int i = 0; i < 200; i++) {
			String id = SessionIds.generate();
			ids.add(id);
			this.repository.save(McpSessionRecord.builder(id).createdAt(now).expiresAt(now.plusSeconds(3600)).build());
		}
		AtomicInteger remaining = new AtomicInteger(OPERATIONS);
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
		CountDownLatch start = new CountDownLatch(1);
		try {
			Future<Integer> peak = pool.submit(() -> peakServerConnections(running));
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				workers.add(pool.submit(() -> {
					start.await();
					while (remaining.getAndDecrement() > 0) {
						mixedOperation(ids, now);
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> worker : workers) {
				worker.get(120, TimeUnit.SECONDS);
			}
			running.set(false);

			HikariDataSource dataSource = (HikariDataSource) this.repository.dataSource();
			assertThat(dataSource.getHikariPoolMXBean().getActiveConnections()).isZero();
			assertThat(dataSource.getHikariPoolMXBean().getTotalConnections()).isLessThanOrEqualTo(MAXIMUM_POOL_SIZE);
			assertThat(peak.get(30, TimeUnit.SECONDS)).isPositive().isLessThanOrEqualTo(MAXIMUM_POOL_SIZE);
			assertThat(serverConnections()).isLessThanOrEqualTo(MAXIMUM_POOL_SIZE);
		}
		finally {
			running.set(false);
			pool.shutdownNow();
		}
	}

	private void mixedOperation(List<String> ids, Instant now) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String id = ids.get(random.nextInt(ids.size()));
		switch (random.nextInt(7)) {
			case 0 -> this.repository.save(McpSessionRecord.builder(SessionIds.generate())
				.createdAt(now)
				.expiresAt(now.minusSeconds(1))
				.build());
			case 1, 2 -> this.repository.findById(id);
			case 3 -> this.repository.touch(id, now, now.plus(Duration.ofHours(1)));
			case 4 -> this.repository.updateAttributes(id, Map.of("k" + random.nextInt(5), "v"));
			case 5 -> this.repository.deleteExpired(now, 50);
			default -> this.repository.count();
		}
	}

	/** Samples, on a connection of its own, how many server connections carry this pool's name, until told to stop. */
	private int peakServerConnections(AtomicBoolean running) throws Exception {
		int peak = 0;
		while (running.get()) {
			peak = Math.max(peak, serverConnections());
		}
		return peak;
	}

	private int serverConnections() throws Exception {
		try (Connection connection = this.database.connect();
				PreparedStatement statement = connection
					.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
			statement.setString(1, this.poolName);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getInt(1);
			}
		}
	}

}
