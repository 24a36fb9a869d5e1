package io.github.mcpsessions.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.repository.ExpiredSessionSweeper;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionRepository;

/**
 * Benchmark 6: 100,000 requests with unknown session ids against a decorated server over
 * PostgreSQL, while four legitimate clients keep calling a tool: the store lookups the flood causes
 * and the legitimate clients' latency, for three kinds of flood: malformed ids, well-formed ids
 * each used once, and well-formed ids drawn from a set of 100.
 *
 * <p>Arguments: {@code [requests=100000] [store=postgres] [ids=unsigned|signed]}; {@code signed}
 * gives the server a session id secret.
 */
public final class FloodRun {

	private FloodRun() {
	}

	public static void main(String[] args) throws Exception {
		int requests = Integer.parseInt(SteadyStateRun.arg(args, 0, "100000"));
		String store = SteadyStateRun.arg(args, 1, "postgres");
		boolean signed = "signed".equals(SteadyStateRun.arg(args, 2, "unsigned"));
		SessionRepository stored = Stores.open(store, "flood" + System.nanoTime() % 100000);
		Counting counting = new Counting(stored);
		List<String> hundred = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			hundred.add(SessionIds.generate());
		}
		byte[] secret = signed ? "a benchmark secret, thirty-two bytes long".getBytes(java.nio.charset.StandardCharsets.UTF_8) : null;
		try (BenchServer server = new BenchServer(counting, secret)) {
			Http http = new Http();
			List<String> legit = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				legit.add(http.initialize(server.url()));
			}
			System.out.printf("flood: %d requests per kind, 8 flooding threads, 4 legitimate clients, store %s, %s ids, %d cores%n",
					requests, store, signed ? "signed" : "unsigned", Runtime.getRuntime().availableProcessors());
			System.out.println("| flood | store lookups | flood req/s | legitimate p50 / p99 ms | legitimate calls |");
			System.out.println("| --- | ---: | ---: | ---: | ---: |");
			Latencies quiet = legitimateLoad(http, server.url(), legit, () -> java.util.concurrent.locks.LockSupport.parkNanos(5_000_000_000L));
			System.out.printf("| none (5 s) | 0 | 0 | %.3f / %.3f | %d |%n", quiet.percentileMillis(50), quiet.percentileMillis(99),
					quiet.count());
			flood(http, server.url(), legit, counting, requests, "malformed ids", () -> "not a session id " + ThreadLocalRandom.current().nextInt());
			flood(http, server.url(), legit, counting, requests, "unique well-formed ids", SessionIds::generate);
			flood(http, server.url(), legit, counting, requests, "100 well-formed ids, repeated",
					() -> hundred.get(ThreadLocalRandom.current().nextInt(hundred.size())));
		}
		finally {
			Stores.close(stored);
		}
		System.exit(0);
	}

	private static void flood(Http http, String url, List<String> legit, Counting counting, int requests, String kind,
			Supplier<String> ids) throws InterruptedException {
		long lookupsBefore = counting.finds.get();
		long[] took = new long[1];
		AtomicInteger unexpected = new AtomicInteger();
		Latencies latencies = legitimateLoad(http, url, legit, () -> {
			AtomicInteger left = new AtomicInteger(requests);
			List<Thread> threads = new ArrayList<>();
			long start = System.nanoTime();
			for (int i = 0; i < 8; i++) {
				Thread thread = new Thread(() -> {
					while (left.getAndDecrement() > 0) {
						int status = http.post(url, ids.get(), Http.toolCall(1, "echo", "x")).statusCode();
						if (status != 404) {
							unexpected.incrementAndGet();
						}
					}
				});
				thread.start();
				threads.add(thread);
			}
			for (Thread thread : threads) {
				try {
					thread.join();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			took[0] = System.nanoTime() - start;
		});
		if (unexpected.get() > 0) {
			throw new IllegalStateException(unexpected.get() + " flood requests were not answered 404");
		}
		System.out.printf("| %s | %d | %.0f | %.3f / %.3f | %d |%n", kind, counting.finds.get() - lookupsBefore,
				requests / (took[0] / 1e9), latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.count());
	}

	private static Latencies legitimateLoad(Http http, String url, List<String> sessions, Runnable work)
			throws InterruptedException {
		AtomicBoolean running = new AtomicBoolean(true);
		List<Thread> threads = new ArrayList<>();
		List<Latencies> all = new ArrayList<>();
		AtomicLong failures = new AtomicLong();
		for (String session : sessions) {
			Latencies latencies = new Latencies();
			all.add(latencies);
			Thread thread = new Thread(() -> {
				long id = 1;
				while (running.get()) {
					long start = System.nanoTime();
					var reply = http.post(url, session, Http.toolCall(id++, "echo", "legit"));
					latencies.add(System.nanoTime() - start);
					if (reply.statusCode() != 200) {
						failures.incrementAndGet();
					}
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
		if (failures.get() > 0) {
			throw new IllegalStateException(failures.get() + " legitimate calls failed");
		}
		Latencies merged = new Latencies();
		all.forEach(merged::addAll);
		return merged;
	}

	/** Counts the lookups that reach the store. */
	private static final class Counting implements SessionRepository {

		final AtomicLong finds = new AtomicLong();

		private final SessionRepository delegate;

		Counting(SessionRepository delegate) {
			this.delegate = delegate;
		}

		@Override
		public void save(McpSessionRecord record) {
			this.delegate.save(record);
		}

		@Override
		public Optional<McpSessionRecord> findById(String id) {
			this.finds.incrementAndGet();
			return this.delegate.findById(id);
		}

		@Override
		public boolean touch(String id, Instant lastAccessedAt, Instant expiresAt) {
			return this.delegate.touch(id, lastAccessedAt, expiresAt);
		}

		@Override
		public boolean updateAttributes(String id, Map<String, String> changes) {
			return this.delegate.updateAttributes(id, changes);
		}

		@Override
		public boolean deleteById(String id) {
			return this.delegate.deleteById(id);
		}

		@Override
		public Optional<ExpiredSessionSweeper> expiredSessionSweeper() {
			return this.delegate.expiredSessionSweeper();
		}

	}

}
