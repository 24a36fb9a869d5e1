package io.github.mcpsessions.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.testing.CountingSessionRepository;

class CachingSessionRepositoryTest {

	static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	final CountingSessionRepository store = new CountingSessionRepository(new InMemorySessionRepository());

	final CachingSessionRepository cache = CachingSessionRepository.builder(this.store)
		.touchInterval(Duration.ofSeconds(60))
		.build();

	McpSessionRecord saved() {
		McpSessionRecord record = McpSessionRecord.builder(SessionIds.generate())
			.createdAt(NOW)
			.expiresAt(NOW.plus(Duration.ofHours(24)))
			.build();
		save(record);
		this.store.reset();
		return record;
	}

	/** Saves a new session's record through the cache; {@link HeldRecordsTest} holds it in the SDK first. */
	void save(McpSessionRecord record) {
		this.cache.save(record);
	}

	@Test
	void hitDoesNotCallTheStore() {
		McpSessionRecord record = saved();

		for (int i = 0; i < 10; i++) {
			assertThat(this.cache.findById(record.id())).contains(record);
		}

		assertThat(this.store.totalCalls()).isZero();
	}

	@Test
	void missReadsTheStoreOnce() {
		McpSessionRecord record = McpSessionRecord.builder(SessionIds.generate())
			.createdAt(NOW)
			.expiresAt(NOW.plusSeconds(60))
			.build();
		this.store.save(record);
		this.store.reset();

		this.cache.findById(record.id());
		this.cache.findById(record.id());

		assertThat(this.store.calls("findById")).isEqualTo(1);
	}

	@Test
	void unknownIdsAreCachedAsAbsent() {
		String unknown = SessionIds.generate();

		for (int i = 0; i < 100; i++) {
			assertThat(this.cache.findById(unknown)).isEmpty();
		}

		assertThat(this.store.calls("findById")).isEqualTo(1);
	}

	@Test
	void touchesWithinTheIntervalStayInTheCache() {
		McpSessionRecord record = saved();

		for (int second = 1; second < 60; second++) {
			Instant at = NOW.plusSeconds(second);
			this.cache.touch(record.id(), at, at.plus(Duration.ofHours(24)));
		}

		assertThat(this.store.calls("touch")).isZero();
		assertThat(this.cache.findById(record.id()).orElseThrow().lastAccessedAt()).isEqualTo(NOW.plusSeconds(59));
		assertThat(this.store.findById(record.id()).orElseThrow().lastAccessedAt()).isEqualTo(NOW);
	}

	@Test
	void aTouchAfterTheIntervalReachesTheStoreAndRestartsIt() {
		McpSessionRecord record = saved();
		Instant later = NOW.plusSeconds(61);

		this.cache.touch(record.id(), later, later.plus(Duration.ofHours(24)));
		this.cache.touch(record.id(), later.plusSeconds(1), later.plus(Duration.ofHours(24)));

		assertThat(this.store.calls("touch")).isEqualTo(1);
		assertThat(this.store.findById(record.id()).orElseThrow().lastAccessedAt()).isEqualTo(later);
	}

	@Test
	void aTouchTheStoreFailedIsWrittenByTheNextTouch() {
		McpSessionRecord record = saved();
		Instant later = NOW.plusSeconds(61);
		this.store.goDown();

		assertThatThrownBy(() -> this.cache.touch(record.id(), later, later.plus(Duration.ofHours(24))))
			.isInstanceOf(SessionStoreException.class);
		this.store.comeBack();
		this.cache.touch(record.id(), later.plusSeconds(1), later.plus(Duration.ofHours(25)));

		assertThat(this.store.findById(record.id()).orElseThrow().lastAccessedAt()).isEqualTo(later.plusSeconds(1));
		assertThat(this.cache.failedTouchCount()).isZero();
	}

	@Test
	void aTouchTheStoreFailedIsWrittenBeforeExpiredRecordsAreDeleted() {
		McpSessionRecord record = McpSessionRecord.builder(SessionIds.generate())
			.createdAt(NOW)
			.expiresAt(NOW.plusSeconds(90))
			.build();
		save(record);
		Instant later = NOW.plusSeconds(61);
		this.store.goDown();
		assertThatThrownBy(() -> this.cache.touch(record.id(), later, later.plus(Duration.ofHours(24))))
			.isInstanceOf(SessionStoreException.class);
		this.store.comeBack();

		int deleted = this.cache.expiredSessionSweeper().orElseThrow().deleteExpired(NOW.plusSeconds(120), 100);

		assertThat(deleted).isZero();
		assertThat(this.store.findById(record.id()).orElseThrow().expiresAt()).isEqualTo(later.plus(Duration.ofHours(24)));
		assertThat(this.cache.failedTouchCount()).isZero();
	}

	@Test
	void failedTouchesStayQueuedWhileTheStoreIsDown() {
		McpSessionRecord record = saved();
		Instant later = NOW.plusSeconds(61);
		this.store.goDown();
		assertThatThrownBy(() -> this.cache.touch(record.id(), later, later.plus(Duration.ofHours(24))))
			.isInstanceOf(SessionStoreException.class);

		assertThatThrownBy(this.cache::retryFailedTouches).isInstanceOf(SessionStoreException.class);

		assertThat(this.cache.failedTouchCount()).isEqualTo(1);
		this.store.comeBack();
		assertThat(this.cache.retryFailedTouches()).isEqualTo(1);
		assertThat(this.store.findById(record.id()).orElseThrow().lastAccessedAt()).isEqualTo(later);
	}

	@Test
	void deleteIsSeenByTheNextReadWithoutTheStore() {
		McpSessionRecord record = saved();

		this.cache.deleteById(record.id());
		this.store.reset();

		assertThat(this.cache.findById(record.id())).isEmpty();
		assertThat(this.store.calls("findById")).isZero();
	}

	@Test
	void attributeWritesGoThroughAndUpdateTheCachedCopy() {
		McpSessionRecord record = saved();

		this.cache.updateAttributes(record.id(), Map.of("k", "v"));

		assertThat(this.store.calls("updateAttributes")).isEqualTo(1);
		assertThat(this.cache.findById(record.id()).orElseThrow().attributes()).containsEntry("k", "v");
		assertThat(this.store.calls("findById")).isZero();
	}

	@Test
	void storeFailuresPropagateAndAreNotCached() {
		String id = SessionIds.generate();
		this.store.goDown();

		assertThatThrownBy(() -> this.cache.findById(id)).isInstanceOf(SessionStoreException.class);

		this.store.comeBack();
		assertThat(this.cache.findById(id)).isEmpty();
		assertThat(this.store.calls("findById")).isEqualTo(2);
	}

	@Test
	void wrappingACacheInACacheIsRefused() {
		assertThatThrownBy(() -> CachingSessionRepository.builder(this.cache))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("already a CachingSessionRepository");
	}

	@Test
	void cachedRecordsShareTheTextOfClientInfoAndCapabilities() {
		String clientInfo = "{\"name\":\"client\",\"version\":\"1.0\"}";
		McpSessionRecord first = withClient(new String(clientInfo));
		McpSessionRecord second = withClient(new String(clientInfo));
		save(first);
		save(second);

		McpSessionRecord cachedFirst = this.cache.findById(first.id()).orElseThrow();
		McpSessionRecord cachedSecond = this.cache.findById(second.id()).orElseThrow();

		assertThat(cachedSecond).isEqualTo(second);
		assertThat(cachedSecond.clientInfoJson()).isSameAs(cachedFirst.clientInfoJson());
		assertThat(cachedSecond.clientCapabilitiesJson()).isSameAs(cachedFirst.clientCapabilitiesJson());
	}

	@Test
	void aReadRunningWhileTheSessionIsDeletedIsNotCached() throws Exception {
		McpSessionRecord record = saved();
		this.cache.invalidate(record.id());
		CountDownLatch reading = new CountDownLatch(1);
		CountDownLatch deleted = new CountDownLatch(1);
		SessionRepository slowReads = (SessionRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { SessionRepository.class }, (proxy, method, args) -> {
					Object answer = method.invoke(this.store, args);
					if (method.getName().equals("findById")) {
						reading.countDown();
						await(deleted);
					}
					return answer;
				});
		CachingSessionRepository slowCache = CachingSessionRepository.builder(slowReads).build();

		CompletableFuture<Optional<McpSessionRecord>> read = CompletableFuture.supplyAsync(() -> slowCache.findById(record.id()));
		await(reading);
		slowCache.deleteById(record.id());
		deleted.countDown();

		assertThat(read.get(10, TimeUnit.SECONDS)).contains(record);
		this.store.reset();
		assertThat(slowCache.findById(record.id())).isEmpty();
	}

	private static McpSessionRecord withClient(String clientInfo) {
		return McpSessionRecord.builder(SessionIds.generate())
			.protocolVersion(new String("2025-06-18"))
			.clientInfoJson(clientInfo)
			.clientCapabilitiesJson(new String("{\"roots\":{}}"))
			.createdAt(NOW)
			.expiresAt(NOW.plus(Duration.ofHours(1)))
			.build();
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
