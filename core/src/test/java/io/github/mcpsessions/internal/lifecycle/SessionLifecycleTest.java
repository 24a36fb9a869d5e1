package io.github.mcpsessions.internal.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.internal.cache.CachingSessionRepository;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.session.SessionListener;
import io.github.mcpsessions.session.SessionRejection;
import io.github.mcpsessions.testing.CountingSessionRepository;
import io.github.mcpsessions.testing.MutableClock;

/** The session rules without HTTP or SDK: lookup order, owner, expiry, touch, restore once, delete. */
class SessionLifecycleTest {

	private final MutableClock clock = MutableClock.atFixedInstant();

	private final CountingSessionRepository store = new CountingSessionRepository(new InMemorySessionRepository());

	private final List<String> events = new ArrayList<>();

	private final SessionLifecycle lifecycle = new SessionLifecycle(CachingSessionRepository.builder(this.store).build(),
			new SessionExpiryPolicy(Duration.ofMinutes(30), Duration.ofHours(2)), this.clock, new SessionListener() {
				@Override
				public void sessionCreated(McpSessionRecord record) {
					SessionLifecycleTest.this.events.add("created");
				}

				@Override
				public void sessionRejected(String id, SessionRejection reason) {
					SessionLifecycleTest.this.events.add("rejected " + reason);
				}

				@Override
				public void sessionExpired(String id) {
					SessionLifecycleTest.this.events.add("expired");
				}

				@Override
				public void sessionDeleted(String id) {
					SessionLifecycleTest.this.events.add("deleted");
				}
			});

	@Test
	void aCreatedSessionIsStoredAndFoundForItsOwnerOnly() {
		String id = SessionIds.generate();
		McpSessionRecord record = this.lifecycle.create(id, "2025-06-18", "{}", "{}", "alice");

		assertThat(this.store.findById(id)).contains(record);
		assertThat(record.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(30)));
		assertThat(this.lifecycle.find(id, "alice").record()).isEqualTo(record);
		assertThat(this.lifecycle.find(id, "bob").rejection()).isEqualTo(SessionRejection.FOREIGN_OWNER);
		assertThat(this.lifecycle.find(id, null).rejection()).isEqualTo(SessionRejection.FOREIGN_OWNER);
		assertThat(this.events).containsExactly("created", "rejected FOREIGN_OWNER", "rejected FOREIGN_OWNER");
	}

	@Test
	void aMalformedIdNeverReachesTheStore() {
		int before = this.store.calls("findById");

		assertThat(this.lifecycle.find("../../etc/passwd", null).rejection()).isEqualTo(SessionRejection.MALFORMED_ID);
		assertThat(this.lifecycle.find("", null).rejection()).isEqualTo(SessionRejection.MALFORMED_ID);
		assertThat(this.store.calls("findById")).isEqualTo(before);
	}

	@Test
	void anUnknownIdIsAskedOnceThenCachedAsAbsent() {
		String id = SessionIds.generate();

		assertThat(this.lifecycle.find(id, null).rejection()).isEqualTo(SessionRejection.UNKNOWN);
		int after = this.store.calls("findById");
		assertThat(this.lifecycle.find(id, null).rejection()).isEqualTo(SessionRejection.UNKNOWN);
		assertThat(this.store.calls("findById")).isEqualTo(after);
	}

	@Test
	void anExpiredSessionIsDeletedOnTheWayAndATouchMovesExpiry() {
		String id = SessionIds.generate();
		McpSessionRecord record = this.lifecycle.create(id, "2025-06-18", "{}", "{}", null);
		this.clock.advance(Duration.ofMinutes(20));
		this.lifecycle.touch(record);
		this.lifecycle.repository().flushTouches();
		this.clock.advance(Duration.ofMinutes(20));

		assertThat(this.lifecycle.find(id, null).isFound()).as("touched 20 minutes ago").isTrue();

		this.clock.advance(Duration.ofMinutes(31));
		assertThat(this.lifecycle.find(id, null).rejection()).isEqualTo(SessionRejection.EXPIRED);
		assertThat(this.store.findById(id)).isEmpty();
		assertThat(this.events).contains("expired");
	}

	@Test
	void aRecordOfANewerFormatIsRefusedAndKept() {
		String id = SessionIds.generate();
		this.store.save(new McpSessionRecord(McpSessionRecord.CURRENT_FORMAT_VERSION + 1, id, "2025-06-18", "{}", "{}",
				null, this.clock.instant(), this.clock.instant(), this.clock.instant().plus(Duration.ofHours(1)), Map.of()));

		assertThat(this.lifecycle.find(id, null).rejection()).isEqualTo(SessionRejection.UNREADABLE_RECORD);
		assertThat(this.store.findById(id)).isPresent();
	}

	@Test
	void concurrentRestoresOfOneSessionRunOnce() throws Exception {
		String id = SessionIds.generate();
		AtomicInteger restores = new AtomicInteger();
		boolean[] live = { false };
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<Boolean>> results = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				results.add(threads.submit(() -> {
					start.await();
					return this.lifecycle.restoreOnce(id, () -> {
						synchronized (live) {
							return live[0];
						}
					}, () -> {
						restores.incrementAndGet();
						synchronized (live) {
							live[0] = true;
						}
					});
				}));
			}
			start.countDown();
			int ran = 0;
			for (Future<Boolean> result : results) {
				ran += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
			}
			assertThat(restores).hasValue(1);
			assertThat(ran).isEqualTo(1);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void aDeletedSessionIsUnknownAndAttributesOfAGoneSessionCannotBeWritten() {
		String id = SessionIds.generate();
		this.lifecycle.create(id, "2025-06-18", "{}", "{}", null);
		this.lifecycle.updateAttributes(id, Map.of("colour", "teal"));
		assertThat(this.lifecycle.storedAttributes(id)).containsEntry("colour", "teal");

		this.lifecycle.delete(id);

		assertThat(this.lifecycle.find(id, null).rejection()).isEqualTo(SessionRejection.UNKNOWN);
		assertThatThrownBy(() -> this.lifecycle.updateAttributes(id, Map.of("colour", "red")))
			.isInstanceOf(IllegalStateException.class);
		assertThat(this.events).contains("deleted");
	}

}
