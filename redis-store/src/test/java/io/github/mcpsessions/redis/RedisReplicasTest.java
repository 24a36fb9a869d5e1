package io.github.mcpsessions.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.github.mcpsessions.testing.ChannelOutsider;
import io.github.mcpsessions.testing.ReplicaContract;
import io.lettuce.core.AclCategory;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
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
		this.busA = RedisSessionMessageBus.builder().uri(TestRedis.url()).channel(this.prefix + "bus").build();
		this.busB = RedisSessionMessageBus.builder().uri(TestRedis.url()).channel(this.prefix + "bus").build();
		this.a = TestMcpServer.builder(this.storeA).messageBus(this.busA).start();
		this.b = TestMcpServer.builder(this.storeB).messageBus(this.busB).start();
	}

	/** A Redis user with pub/sub rights on the bus channel and no right on any key. */
	@Override
	protected ChannelOutsider outsider() {
		String user = "mcp-test-outsider-" + this.prefix.replace(":", "");
		String channel = this.prefix + "bus";
		TestRedis.inspect(commands -> commands.aclSetuser(user, new AclSetuserArgs().on()
			.addPassword("outsider")
			.resetChannels()
			.channelPattern(channel)
			.resetKeys()
			.noCommands()
			.addCategory(AclCategory.PUBSUB)
			.addCategory(AclCategory.CONNECTION)));
		RedisClient client = RedisClient.create(RedisURI.builder(RedisURI.create(TestRedis.url()))
			.withAuthentication(user, "outsider".toCharArray())
			.build());
		List<String> heard = new CopyOnWriteArrayList<>();
		StatefulRedisPubSubConnection<String, String> listening = client.connectPubSub();
		listening.addListener(new RedisPubSubAdapter<>() {
			@Override
			public void message(String from, String message) {
				heard.add(message);
			}
		});
		listening.sync().subscribe(channel);
		StatefulRedisConnection<String, String> sending = client.connect();
		return new ChannelOutsider() {
			@Override
			public List<String> heard() {
				return heard;
			}

			@Override
			public void send(String raw) {
				sending.sync().publish(channel, raw);
			}

			@Override
			public boolean canReadSessions() {
				try {
					sending.sync().get(RedisReplicasTest.this.prefix + "~secret:bus");
					return true;
				}
				catch (RedisException ex) {
					return false;
				}
			}

			@Override
			public void close() {
				listening.close();
				sending.close();
				client.shutdown();
				TestRedis.inspect(commands -> commands.aclDeluser(user));
			}
		};
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
