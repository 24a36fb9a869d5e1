package io.github.mcpsessions.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.github.mcpsessions.repository.SessionRepository;

/**
 * Benchmark 5: heap per idle session at 100,000 sessions, the plain SDK provider against the
 * decorated one (the SDK session plus the cache entry and this library's bookkeeping). Run each
 * mode in its own JVM with the same {@code -Xmx}. The decorated mode stores in Redis, so the store's
 * own copy is not on this heap.
 *
 * <p>Arguments: {@code plain|decorated [sessions=100000] [store=redis]}.
 */
public final class MemoryRun {

	private MemoryRun() {
	}

	public static void main(String[] args) throws Exception {
		boolean decorated = "decorated".equals(SteadyStateRun.arg(args, 0, "decorated"));
		int sessions = Integer.parseInt(SteadyStateRun.arg(args, 1, "100000"));
		String store = SteadyStateRun.arg(args, 2, "redis");
		SessionRepository repository = decorated ? Stores.open(store, "memory" + System.nanoTime() % 100000) : null;
		try (BenchServer server = new BenchServer(repository)) {
			Http http = new Http();
			open(http, server.url(), 200);
			long before = usedHeapAfterGc();
			open(http, server.url(), sessions);
			long after = usedHeapAfterGc();
			int held = decorated ? server.decorated().heldSessionCount() : -1;
			System.out.printf("memory: %s%s, %d sessions%s: heap %.1f MB -> %.1f MB, %.0f bytes per session (-Xmx %d MB)%n",
					decorated ? "decorated over " : "plain", decorated ? store : "", sessions,
					decorated ? " (" + held + " held)" : "", before / 1e6, after / 1e6, (after - before) / (double) sessions,
					Runtime.getRuntime().maxMemory() / 1_000_000);
		}
		finally {
			if (repository != null) {
				Stores.close(repository);
			}
		}
		System.exit(0);
	}

	private static void open(Http http, String url, int sessions) throws InterruptedException {
		AtomicInteger left = new AtomicInteger(sessions);
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			Thread thread = new Thread(() -> {
				while (left.getAndDecrement() > 0) {
					http.initialize(url);
				}
			});
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
	}

	private static long usedHeapAfterGc() {
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			LockSupport.parkNanos(200_000_000L);
			used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return used;
	}

}
