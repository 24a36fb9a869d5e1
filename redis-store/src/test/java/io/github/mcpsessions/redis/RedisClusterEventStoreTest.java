package io.github.mcpsessions.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.testing.EventStoreContract;

/** The event store contract on a real three-node Redis Cluster: every command touches one key. */
class RedisClusterEventStoreTest extends EventStoreContract {

	private static Path folder;

	private static LocalRedisCluster cluster;

	private final RedisSessionRepository sessions = RedisSessionRepository.builder()
		.uri(cluster.uri())
		.cluster(true)
		.keyPrefix(TestRedis.newPrefix())
		.build();

	@BeforeAll
	static void startCluster() throws Exception {
		folder = Files.createTempDirectory("mcp-sessions-redis-cluster-events");
		cluster = LocalRedisCluster.start(folder);
	}

	@AfterAll
	static void stopCluster() throws Exception {
		if (cluster != null) {
			cluster.close();
		}
		try (var files = Files.walk(folder)) {
			files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
	}

	@AfterEach
	void closeSessions() {
		this.sessions.close();
	}

	@Override
	protected EventStore store() {
		return RedisEventStore.builder(this.sessions)
			.keyPrefix(TestRedis.newPrefix())
			.maxEventsPerStream(MAX_EVENTS_PER_STREAM)
			.build();
	}

	@Override
	protected boolean expiresEventsItself() {
		return true;
	}

}
