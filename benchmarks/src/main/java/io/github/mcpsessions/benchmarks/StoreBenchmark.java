package io.github.mcpsessions.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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

import io.github.mcpsessions.internal.cache.CachingSessionRepository;
import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionRepository;

/**
 * Benchmark 3: store operations per second (find of a stored and of an unknown id, touch, save),
 * straight on each store and, for comparison, a find through the cache. Run with {@code -t 1} and
 * {@code -t 16} for one and sixteen threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class StoreBenchmark {

	private static final int STORED = 10_000;

	@Param({ "h2", "postgres", "redis" })
	public String store;

	private SessionRepository repository;

	private CachingSessionRepository cache;

	private String[] ids;

	@Setup(Level.Trial)
	public void fill() {
		this.repository = Stores.open(this.store, "jmh" + System.nanoTime() % 100000);
		this.ids = new String[STORED];
		for (int i = 0; i < STORED; i++) {
			this.ids[i] = SessionIds.generate();
			this.repository.save(record(this.ids[i]));
		}
		this.cache = CachingSessionRepository.builder(this.repository).build();
		for (String id : this.ids) {
			this.cache.findById(id);
		}
	}

	@TearDown(Level.Trial)
	public void close() {
		Stores.close(this.repository);
	}

	private static McpSessionRecord record(String id) {
		Instant now = Instant.now();
		return McpSessionRecord.builder(id)
			.protocolVersion("2025-06-18")
			.clientInfoJson("{\"name\":\"bench\",\"version\":\"1\"}")
			.createdAt(now)
			.lastAccessedAt(now)
			.expiresAt(now.plus(Duration.ofHours(24)))
			.attributes(Map.of("colour", "teal"))
			.build();
	}

	private String storedId() {
		return this.ids[ThreadLocalRandom.current().nextInt(STORED)];
	}

	@Benchmark
	public Optional<McpSessionRecord> findHit() {
		return this.repository.findById(storedId());
	}

	@Benchmark
	public Optional<McpSessionRecord> findMiss() {
		return this.repository.findById(SessionIds.generate());
	}

	@Benchmark
	public boolean touch() {
		Instant now = Instant.now();
		return this.repository.touch(storedId(), now, now.plus(Duration.ofHours(24)));
	}

	@Benchmark
	public void save() {
		this.repository.save(record(SessionIds.generate()));
	}

	@Benchmark
	public Optional<McpSessionRecord> findThroughCache() {
		return this.cache.findById(storedId());
	}

}
