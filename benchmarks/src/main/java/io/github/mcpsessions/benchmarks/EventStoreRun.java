package io.github.mcpsessions.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.events.InMemoryEventStore;
import io.github.mcpsessions.jdbc.JdbcEventStore;
import io.github.mcpsessions.jdbc.JdbcSessionRepository;
import io.github.mcpsessions.redis.RedisEventStore;
import io.github.mcpsessions.redis.RedisSessionRepository;
import io.github.mcpsessions.repository.SessionRepository;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Events per second an event store takes, and the storage an event takes in it: {@code threads}
 * writers each append to streams of their own (a priming event and 9 events of {@code bytes}
 * bytes, as a call that streams progress writes them), for {@code seconds} after a warm-up of the
 * same length. Then the store's size: table and index bytes per row (PostgreSQL, MariaDB), memory
 * per entry (Redis, {@code MEMORY USAGE} of the stream keys).
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.github.mcpsessions.benchmarks.EventStoreRun memory,h2,postgres,mariadb,redis 1,8 10 200
 * }</pre>
 */
public final class EventStoreRun {

	private static final int EVENTS_PER_STREAM = 10;

	private EventStoreRun() {
	}

	public static void main(String[] args) throws Exception {
		String[] stores = SteadyStateRun.arg(args, 0, "memory,h2,postgres,mariadb,redis").split(",");
		String[] threadCounts = SteadyStateRun.arg(args, 1, "1,8").split(",");
		Duration run = Duration.ofSeconds(Long.parseLong(SteadyStateRun.arg(args, 2, "10")));
		int bytes = Integer.parseInt(SteadyStateRun.arg(args, 3, "200"));
		String data = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"t\","
				+ "\"progress\":1,\"message\":\"" + "x".repeat(Math.max(0, bytes - 110)) + "\"}}";
		System.out.printf("event stores: %d cores, %s %s, %d-byte events, %s per run%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
				System.getProperty("java.version"), data.length(), run);
		System.out.println("| store | writers | events/s | storage per event |");
		System.out.println("| --- | ---: | ---: | ---: |");
		for (String name : stores) {
			for (String threads : threadCounts) {
				String namespace = "ev" + System.nanoTime() % 1_000_000;
				SessionRepository sessions = Stores.open(name, namespace);
				String table = "bench_events_" + namespace;
				EventStore events = open(name, sessions, namespace, table);
				try {
					append(events, Integer.parseInt(threads), run, data);
					double perSecond = append(events, Integer.parseInt(threads), run, data);
					System.out.printf("| %s | %s | %,.0f | %s |%n", name, threads, perSecond, storage(name, sessions, table, namespace));
				}
				finally {
					drop(name, sessions, table);
					Stores.close(sessions);
				}
			}
		}
	}

	private static EventStore open(String name, SessionRepository sessions, String namespace, String table) {
		return switch (name) {
			case "memory" -> new InMemoryEventStore();
			case "h2", "postgres", "mariadb" -> JdbcEventStore.builder(((JdbcSessionRepository) sessions).dataSource())
				.tableName(table)
				.createSchemaIfMissing(true)
				.build();
			case "redis" -> RedisEventStore.builder((RedisSessionRepository) sessions)
				.keyPrefix("mcp-bench:" + namespace + ":events:")
				.build();
			default -> throw new IllegalArgumentException("unknown store " + name);
		};
	}

	/** Appends from {@code threads} writers for {@code run}; answers events per second. */
	private static double append(EventStore events, int threads, Duration run, String data) throws InterruptedException {
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong appended = new AtomicLong();
		CountDownLatch done = new CountDownLatch(threads);
		List<Thread> writers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			String session = "bench-session-" + t;
			Thread writer = new Thread(() -> {
				long count = 0;
				int stream = 0;
				try {
					while (!stop.get()) {
						String streamId = "pbench" + Thread.currentThread().getId() + "x" + System.nanoTime() + "s" + stream++;
						events.append(session, streamId, "");
						count++;
						for (int i = 1; i < EVENTS_PER_STREAM && !stop.get(); i++) {
							events.append(session, streamId, data);
							count++;
						}
					}
				}
				finally {
					appended.addAndGet(count);
					done.countDown();
				}
			});
			writers.add(writer);
		}
		long start = System.nanoTime();
		writers.forEach(Thread::start);
		Thread.sleep(run.toMillis());
		stop.set(true);
		done.await();
		return appended.get() / ((System.nanoTime() - start) / 1e9);
	}

	private static String storage(String name, SessionRepository sessions, String table, String namespace) throws Exception {
		return switch (name) {
			case "postgres" -> perRow(((JdbcSessionRepository) sessions).dataSource(),
					"SELECT pg_total_relation_size('" + table + "'), (SELECT COUNT(*) FROM " + table + ")");
			case "mariadb" -> {
				DataSource dataSource = ((JdbcSessionRepository) sessions).dataSource();
				try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
					statement.execute("ANALYZE TABLE " + table);
				}
				yield perRow(dataSource, "SELECT data_length + index_length, (SELECT COUNT(*) FROM " + table
						+ ") FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '" + table + "'");
			}
			case "redis" -> redisPerEntry(namespace);
			default -> "-";
		};
	}

	private static String perRow(DataSource dataSource, String sql) throws Exception {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			long size = result.getLong(1);
			long rows = result.getLong(2);
			return String.format("%,d bytes (%,d rows in %,d KiB)", size / Math.max(1, rows), rows, size / 1024);
		}
	}

	/** Memory of a sample of stream keys over their entries. */
	private static String redisPerEntry(String namespace) {
		RedisClient client = RedisClient.create(Stores.REDIS_URL);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			var commands = connection.sync();
			long bytes = 0;
			long entries = 0;
			var cursor = commands.scan(io.lettuce.core.ScanArgs.Builder.matches("mcp-bench:" + namespace + ":events:pbench*")
				.limit(1000));
			for (String key : cursor.getKeys()) {
				Long usage = commands.memoryUsage(key);
				bytes += usage == null ? 0 : usage;
				entries += commands.xlen(key);
			}
			return String.format("%,d bytes (%,d entries sampled)", bytes / Math.max(1, entries), entries);
		}
		finally {
			client.shutdown();
		}
	}

	private static void drop(String name, SessionRepository sessions, String table) {
		if (sessions instanceof JdbcSessionRepository jdbc) {
			try (Connection connection = jdbc.dataSource().getConnection(); Statement statement = connection.createStatement()) {
				statement.execute("DROP TABLE IF EXISTS " + table);
			}
			catch (Exception ex) {
				System.err.println("Could not drop " + table + ": " + ex);
			}
		}
	}

}
