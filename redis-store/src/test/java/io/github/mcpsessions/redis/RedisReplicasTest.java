package io.github.mcpsessions.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.github.mcpsessions.testing.ReplicaContract;
import io.github.mcpsessions.testing.TestMcpServer;

/** Two replicas over one Redis, talking through pub/sub: answers, notifications and ended sessions reach the replica concerned. */
class RedisReplicasTest extends ReplicaContract {

	private final String prefix = TestRedis.newPrefix();

	private RedisSessionRepository storeA;

	private RedisSessionRepository storeB;

	private RedisSessionMessageBus busA;

	private RedisSessionMessageBus busB;

	RedisReplicasTest() {
		super("Redis");
	}

	@BeforeEach
	void start() {
		this.storeA = RedisSessionRepository.builder().uri(TestRedis.url()).keyPrefix(this.prefix).build();
		this.storeB = RedisSessionRepository.builder().uri(TestRedis.url()).keyPrefix(this.prefix).build();
		this.busA = RedisSessionMessageBus.create(TestRedis.url(), this.prefix + "bus");
		this.busB = RedisSessionMessageBus.create(TestRedis.url(), this.prefix + "bus");
		this.a = TestMcpServer.builder(this.storeA).messageBus(this.busA).start();
		this.b = TestMcpServer.builder(this.storeB).messageBus(this.busB).start();
	}

	@AfterEach
	void stop() {
		this.a.close();
		this.b.close();
		this.busA.close();
		this.busB.close();
		this.storeA.close();
		this.storeB.close();
		TestRedis.deleteKeys(this.prefix);
	}

}
