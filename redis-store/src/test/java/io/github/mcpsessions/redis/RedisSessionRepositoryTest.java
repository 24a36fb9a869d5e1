package io.github.mcpsessions.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.testing.SessionRepositoryContract;
import io.github.mcpsessions.repository.UnreadableRecordException;

/** The Redis store on a real Redis: the shared contract, and how records lie in Redis. */
class RedisSessionRepositoryTest extends SessionRepositoryContract {

	private final String prefix = TestRedis.newPrefix();

	private final RedisSessionRepository repository = RedisSessionRepository.builder()
		.uri(TestRedis.url())
		.keyPrefix(this.prefix)
		.build();

	@AfterEach
	void cleanUp() {
		this.repository.close();
		TestRedis.deleteKeys(this.prefix);
	}

	@Override
	protected RedisSessionRepository repository() {
		return this.repository;
	}

	@Override
	protected boolean expiresRecordsItself() {
		return true;
	}

	@Test
	void aHashWithATimeThatIsNotANumberIsUnreadableNotAnOutage() {
		String id = SessionIds.generate();
		repository().save(record(id, now().plus(Duration.ofHours(1))));
		TestRedis.inspect(commands -> commands.hset(this.prefix + id, "createdAt", "yesterday"));

		assertThatThrownBy(() -> repository().findById(id)).isInstanceOf(UnreadableRecordException.class);
	}

	@Test
	void aHashWithAFormatVersionBelowOneIsUnreadable() {
		String id = SessionIds.generate();
		repository().save(record(id, now().plus(Duration.ofHours(1))));
		TestRedis.inspect(commands -> commands.hset(this.prefix + id, SessionHash.FORMAT_VERSION, "0"));

		assertThatThrownBy(() -> repository().findById(id)).isInstanceOf(UnreadableRecordException.class);
	}

	@Test
	void aSessionIsOneHashUnderThePrefixExpiringAtItsExpiresAt() {
		String id = SessionIds.generate();
		Instant expiresAt = now().plus(Duration.ofHours(1));
		repository().save(record(id, expiresAt));

		String key = this.prefix + id;
		Map<String, String> hash = TestRedis.inspect(commands -> commands.hgetall(key));
		long expiryMillis = TestRedis.inspect(commands -> commands.pexpiretime(key));

		String type = TestRedis.inspect(commands -> commands.type(key));
		assertThat(type).isEqualTo("hash");
		assertThat(hash).containsEntry("a:colour", "teal").containsEntry("owner", "alice");
		assertThat(expiryMillis).isEqualTo(expiresAt.toEpochMilli());
	}

	@Test
	void aTouchMovesRedisExpiry() {
		String id = SessionIds.generate();
		repository().save(record(id, now().plus(Duration.ofMinutes(5))));
		Instant later = now().plus(Duration.ofHours(2));

		repository().touch(id, now().plusSeconds(1), later);

		long expiryMillis = TestRedis.inspect(commands -> commands.pexpiretime(this.prefix + id));
		assertThat(expiryMillis).isEqualTo(later.toEpochMilli());
	}

	@Test
	void redisItselfDeletesAnExpiredSession() {
		String id = SessionIds.generate();
		repository().save(record(id, Instant.now().plusMillis(300)));
		assertThat(repository().findById(id)).isPresent();

		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> TestRedis.inspect(commands -> commands.exists(this.prefix + id)) == 0);

		assertThat(repository().findById(id)).isEmpty();
		assertThat(repository().touch(id, Instant.now(), Instant.now().plusSeconds(60))).isFalse();
		assertThat(repository().updateAttributes(id, Map.of("k", "v"))).isFalse();
		long exists = TestRedis.inspect(commands -> commands.exists(this.prefix + id));
		assertThat(exists).isZero();
	}

	@Test
	void countSeesOnlyThisPrefix() {
		String otherPrefix = TestRedis.newPrefix();
		try (RedisSessionRepository other = RedisSessionRepository.builder().uri(TestRedis.url()).keyPrefix(otherPrefix).build()) {
			other.save(record(SessionIds.generate(), now().plusSeconds(600)));
			for (int i = 0; i < 1_500; i++) {
				repository().save(record(SessionIds.generate(), now().plusSeconds(600)));
			}

			assertThat(repository().count()).isEqualTo(1_500);
			assertThat(other.count()).isEqualTo(1);
		}
		finally {
			TestRedis.deleteKeys(otherPrefix);
		}
	}

	@Test
	void attributeNamesCannotCollideWithRecordFields() {
		String id = SessionIds.generate();
		repository().save(record(id, now().plusSeconds(600)));
		Map<String, String> changes = new HashMap<>();
		changes.put("expiresAt", "0");
		changes.put("owner", "mallory");
		changes.put("colour", null);

		repository().updateAttributes(id, changes);

		McpSessionRecord found = repository().findById(id).orElseThrow();
		assertThat(found.owner()).isEqualTo("alice");
		assertThat(found.expiresAt()).isEqualTo(now().plusSeconds(600));
		assertThat(found.attributes()).containsEntry("expiresAt", "0").containsEntry("owner", "mallory").doesNotContainKey("colour");
	}

	@Test
	void scriptsAreReloadedAfterRedisForgetsThem() {
		String id = SessionIds.generate();
		repository().save(record(id, now().plusSeconds(600)));
		TestRedis.inspect(commands -> commands.scriptFlush());

		assertThat(repository().touch(id, now().plusSeconds(1), now().plusSeconds(900))).isTrue();
		assertThat(repository().findById(id).orElseThrow().expiresAt()).isEqualTo(now().plusSeconds(900));
	}

	@Test
	void savesSentTogetherReloadTheScriptAfterRedisForgetsIt() throws Exception {
		TestRedis.inspect(commands -> commands.scriptFlush());
		java.util.List<String> ids = new java.util.concurrent.CopyOnWriteArrayList<>();
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
		java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
		try {
			java.util.List<java.util.concurrent.Future<?>> saves = new java.util.ArrayList<>();
			for (int i = 0; i < 64; i++) {
				saves.add(pool.submit(() -> {
					start.await();
					String id = SessionIds.generate();
					repository().save(record(id, now().plusSeconds(600)));
					ids.add(id);
					return null;
				}));
			}
			start.countDown();
			for (java.util.concurrent.Future<?> save : saves) {
				save.get(30, java.util.concurrent.TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(ids).hasSize(64).allSatisfy(id -> assertThat(repository().findById(id)).isPresent());
	}

}
