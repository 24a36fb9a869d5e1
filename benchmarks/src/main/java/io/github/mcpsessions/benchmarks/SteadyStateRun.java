package io.github.mcpsessions.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.mcpsessions.repository.SessionRepository;

/**
 * Benchmark 1: {@code tools/call} round trips over loopback HTTP with 1, 8 and 32 concurrent
 * clients (a session each), the plain SDK provider against the decorated one (sessions held,
 * cache hits), alternating in one JVM, several rounds each; medians of the rounds are compared.
 *
 * <p>Arguments: {@code [store=postgres] [rounds=3] [warmupSeconds=3] [measureSeconds=8] [concurrency=1,8,32]}.
 */
public final class SteadyStateRun {

	private SteadyStateRun() {
	}

	public static void main(String[] args) throws Exception {
		String store = arg(args, 0, "postgres");
		int rounds = Integer.parseInt(arg(args, 1, "3"));
		int warmup = Integer.parseInt(arg(args, 2, "3"));
		int measure = Integer.parseInt(arg(args, 3, "8"));
		int[] levels = java.util.Arrays.stream(arg(args, 4, "1,8,32").split(",")).mapToInt(Integer::parseInt).toArray();
		System.out.printf("steady state: store=%s rounds=%d warmup=%ds measure=%ds, %d cores, %s %s%n", store, rounds,
				warmup, measure, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
				System.getProperty("java.version"));
		Map<String, List<Result>> results = new TreeMap<>();
		for (int clients : levels) {
			for (int round = 0; round < rounds; round++) {
				for (boolean decorated : new boolean[] { round % 2 == 1, round % 2 == 0 }) {
					SessionRepository repository = decorated ? Stores.open(store, "steady" + System.nanoTime() % 100000) : null;
					try (BenchServer server = new BenchServer(repository)) {
						Result result = run(server.url(), clients, warmup, measure);
						String key = String.format("%02d %s", clients, decorated ? "decorated" : "plain");
						results.computeIfAbsent(key, k -> new ArrayList<>()).add(result);
						System.out.printf("  clients=%-2d %-9s round %d: %s%n", clients, decorated ? "decorated" : "plain",
								round + 1, result);
					}
					finally {
						if (repository != null) {
							Stores.close(repository);
						}
					}
				}
			}
		}
		System.out.println();
		System.out.println("| clients | plain req/s | decorated req/s | ratio | plain p50 / p99 ms | decorated p50 / p99 ms | p99 ratio |");
		System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
		for (int clients : levels) {
			Result plain = Result.median(results.get(String.format("%02d plain", clients)));
			Result decorated = Result.median(results.get(String.format("%02d decorated", clients)));
			System.out.printf("| %d | %.0f | %.0f | %.3f | %.3f / %.3f | %.3f / %.3f | %.3f |%n", clients, plain.throughput,
					decorated.throughput, decorated.throughput / plain.throughput, plain.p50, plain.p99, decorated.p50,
					decorated.p99, decorated.p99 / plain.p99);
		}
		System.exit(0);
	}

	static String arg(String[] args, int index, String fallback) {
		return args.length > index ? args[index] : fallback;
	}

	private static Result run(String url, int clients, int warmupSeconds, int measureSeconds) throws InterruptedException {
		Http http = new Http();
		List<String> sessions = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			sessions.add(http.initialize(url));
		}
		long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
		long end = warmupEnd + TimeUnit.SECONDS.toNanos(measureSeconds);
		Latencies[] latencies = new Latencies[clients];
		AtomicLong errors = new AtomicLong();
		CountDownLatch done = new CountDownLatch(clients);
		for (int i = 0; i < clients; i++) {
			int client = i;
			latencies[i] = new Latencies();
			Thread thread = new Thread(() -> {
				try {
					long id = 1;
					while (true) {
						long start = System.nanoTime();
						if (start >= end) {
							break;
						}
						try {
							var reply = http.post(url, sessions.get(client), Http.toolCall(id++, "echo", "hello"));
							long took = System.nanoTime() - start;
							if (reply.statusCode() != 200 || !reply.body().contains("hello")) {
								errors.incrementAndGet();
							}
							else if (start >= warmupEnd) {
								latencies[client].add(took);
							}
						}
						catch (IllegalStateException ex) {
							// A connection the client pool reused after the server closed it: counted, not fatal.
							errors.incrementAndGet();
						}
					}
				}
				finally {
					done.countDown();
				}
			}, "client-" + i);
			thread.start();
		}
		done.await();
		Latencies all = new Latencies();
		for (Latencies one : latencies) {
			all.addAll(one);
		}
		return new Result(all.count() / (double) measureSeconds, all.percentileMillis(50), all.percentileMillis(99),
				errors.get());
	}

	record Result(double throughput, double p50, double p99, long errors) {

		static Result median(List<Result> results) {
			return new Result(median(results.stream().mapToDouble(Result::throughput).toArray()),
					median(results.stream().mapToDouble(Result::p50).toArray()),
					median(results.stream().mapToDouble(Result::p99).toArray()),
					results.stream().mapToLong(Result::errors).sum());
		}

		private static double median(double[] values) {
			java.util.Arrays.sort(values);
			return values[values.length / 2];
		}

		@Override
		public String toString() {
			return String.format("%.0f req/s, p50 %.3f ms, p99 %.3f ms, errors %d", this.throughput, this.p50, this.p99,
					this.errors);
		}

	}

}
