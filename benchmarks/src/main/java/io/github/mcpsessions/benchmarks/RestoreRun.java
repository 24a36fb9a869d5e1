package io.github.mcpsessions.benchmarks;

import java.util.ArrayList;
import java.util.List;

import io.github.mcpsessions.repository.SessionRepository;

/**
 * Benchmark 2: the first request after a restart, for sessions held only in the store. Server A
 * opens the sessions and stops; server B (a new provider, cache and pool over the same store) gets
 * one {@code tools/call} per session, which restores it, then a second one, which finds it held.
 *
 * <p>Arguments: {@code [sessions=1000] [stores=h2,postgres,redis]}.
 */
public final class RestoreRun {

	private RestoreRun() {
	}

	public static void main(String[] args) {
		int sessions = Integer.parseInt(SteadyStateRun.arg(args, 0, "1000"));
		String[] stores = SteadyStateRun.arg(args, 1, "h2,postgres,redis").split(",");
		System.out.printf("restore: %d sessions per store, %d cores, %s %s%n", sessions,
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
		System.out.println("| store | first request (restore) p50 / p99 / max ms | next request (held) p50 / p99 ms |");
		System.out.println("| --- | ---: | ---: |");
		for (String store : stores) {
			// An untimed cycle first, so the JIT has compiled both paths before anything is measured.
			cycle(store, 2000);
			Latencies[] timed = cycle(store, sessions);
			Latencies restores = timed[0];
			Latencies held = timed[1];
			System.out.printf("| %s | %.3f / %.3f / %.3f | %.3f / %.3f |%n", store, restores.percentileMillis(50),
					restores.percentileMillis(99), restores.percentileMillis(100), held.percentileMillis(50),
					held.percentileMillis(99));
		}
		System.exit(0);
	}

	/** Opens {@code sessions} on server A, stops it, and sends each to server B twice; answers both latencies. */
	private static Latencies[] cycle(String store, int sessions) {
		{
			String namespace = "restore" + System.nanoTime() % 100000;
			Http http = new Http();
			List<String> ids = new ArrayList<>();
			SessionRepository first = Stores.open(store, namespace);
			try (BenchServer a = new BenchServer(first)) {
				for (int i = 0; i < sessions; i++) {
					ids.add(http.initialize(a.url()));
				}
			}
			finally {
				Stores.close(first);
			}
			SessionRepository second = Stores.open(store, namespace);
			Latencies restores = new Latencies();
			Latencies held = new Latencies();
			try (BenchServer b = new BenchServer(second)) {
				// One untimed session first: class loading and the pool's first connection are not a restore's cost.
				http.post(b.url(), http.initialize(b.url()), Http.toolCall(1, "echo", "warm"));
				long id = 2;
				for (String sessionId : ids) {
					long start = System.nanoTime();
					var reply = http.post(b.url(), sessionId, Http.toolCall(id++, "echo", "hello"));
					restores.add(System.nanoTime() - start);
					check(reply.statusCode(), reply.body());
					start = System.nanoTime();
					reply = http.post(b.url(), sessionId, Http.toolCall(id++, "echo", "hello"));
					held.add(System.nanoTime() - start);
					check(reply.statusCode(), reply.body());
				}
				String restored = http.post(b.url(), ids.get(0), Http.toolCall(id, "restored", "")).body();
				if (!restored.contains("\"text\":\"true\"")) {
					throw new IllegalStateException("the session was not restored: " + restored);
				}
			}
			finally {
				Stores.close(second);
			}
			return new Latencies[] { restores, held };
		}
	}

	private static void check(int status, String body) {
		if (status != 200 || !body.contains("hello")) {
			throw new IllegalStateException("answered " + status + ": " + body);
		}
	}

}
