package io.github.mcpsessions.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.TestMcpServer;

/** Fifty first requests for one stored session, all at once, rebuild it exactly once. */
class ConcurrentRestoreTest {

	@Test
	void concurrentFirstRequestsRebuildTheSessionOnce() throws Exception {
		InMemorySessionRepository store = new InMemorySessionRepository();
		String sessionId;
		try (TestMcpServer first = TestMcpServer.builder(store).start()) {
			sessionId = RawMcpHttp.initialize(first.url());
		}
		try (TestMcpServer second = TestMcpServer.builder(store).start()) {
			int threads = 50;
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			CountDownLatch ready = new CountDownLatch(threads);
			CountDownLatch go = new CountDownLatch(1);
			try {
				List<Future<Integer>> statuses = new ArrayList<>();
				for (int i = 0; i < threads; i++) {
					int id = i;
					statuses.add(pool.submit(() -> {
						ready.countDown();
						go.await();
						return RawMcpHttp.post(second.url(), sessionId, RawMcpHttp.toolCall(id, "whoami")).statusCode();
					}));
				}
				ready.await();
				go.countDown();
				for (Future<Integer> status : statuses) {
					assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(200);
				}
			}
			finally {
				pool.shutdownNow();
			}

			assertThat(second.restores()).isEqualTo(1);
		}
	}

}
