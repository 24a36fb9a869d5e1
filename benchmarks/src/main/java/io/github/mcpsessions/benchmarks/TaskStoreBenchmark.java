package io.github.mcpsessions.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.github.mcpsessions.jdbc.JdbcSessionRepository;
import io.github.mcpsessions.jdbc.JdbcTaskStore;
import io.github.mcpsessions.redis.RedisSessionRepository;
import io.github.mcpsessions.redis.RedisTaskStore;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.tasks.TaskRecord;
import io.github.mcpsessions.tasks.TaskStore;

/**
 * Task store operations per second: a durable create, a find of a stored task (what {@code tasks/get}
 * reads), and a compare-and-set change (a status message, as a lease renewal or a settlement writes),
 * on each store. Run with {@code -t 1} and {@code -t 16}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class TaskStoreBenchmark {

	private static final int STORED = 10_000;

	@Param({ "h2", "postgres", "redis" })
	public String store;

	private SessionRepository sessions;

	private TaskStore tasks;

	private String[] ids;

	@Setup(Level.Trial)
	public void fill() {
		String namespace = "jmhtask" + System.nanoTime() % 100000;
		this.sessions = Stores.open(this.store, namespace);
		Stores.dropOnExit(this.store, namespace + "_task");
		this.tasks = switch (this.store) {
			case "redis" -> RedisTaskStore.builder((RedisSessionRepository) this.sessions)
				.keyPrefix("mcp-bench:" + namespace + "_task:")
				.build();
			default -> JdbcTaskStore.builder(((JdbcSessionRepository) this.sessions).dataSource())
				.tableName("bench_" + namespace + "_task")
				.createSchemaIfMissing(true)
				.build();
		};
		this.ids = new String[STORED];
		for (int i = 0; i < STORED; i++) {
			this.ids[i] = newId();
			this.tasks.create(task(this.ids[i]));
		}
	}

	@TearDown(Level.Trial)
	public void close() {
		Stores.close(this.sessions);
	}

	/** A task each thread changes again and again. */
	@State(Scope.Thread)
	public static class Changing {

		TaskRecord current;

		@Setup(Level.Iteration)
		public void create(TaskStoreBenchmark benchmark) {
			this.current = task(newId());
			benchmark.tasks.create(this.current);
		}

	}

	private static String newId() {
		return UUID.randomUUID().toString().replace("-", "") + "x";
	}

	private static TaskRecord task(String id) {
		Instant now = Instant.now();
		return TaskRecord.created(id, "bench-user", "export",
				"{\"name\":\"export\",\"arguments\":{\"seconds\":5}}", now, Duration.ofHours(1), Duration.ofSeconds(1),
				"bench-replica", now.plusSeconds(10));
	}

	@Benchmark
	public boolean create() {
		return this.tasks.create(task(newId()));
	}

	@Benchmark
	public Optional<TaskRecord> find() {
		return this.tasks.find(this.ids[ThreadLocalRandom.current().nextInt(STORED)]);
	}

	@Benchmark
	public boolean change(Changing changing) {
		TaskRecord next = changing.current.withStatusMessage("step " + changing.current.version(), Instant.now());
		boolean stored = this.tasks.replace(changing.current, next);
		changing.current = next;
		return stored;
	}

}
