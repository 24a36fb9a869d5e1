package io.github.mcpsessions.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.mcpsessions.testing.RequiredService;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * A three-master Redis Cluster of local {@code redis-server} processes, for tests that a store is
 * Cluster safe. Or the cluster at {@code MCP_SESSIONS_TEST_REDIS_CLUSTER_URL}, if set.
 */
final class LocalRedisCluster implements AutoCloseable {

	static final String VARIABLE = "MCP_SESSIONS_TEST_REDIS_CLUSTER_URL";

	private final List<Process> nodes;

	private final String uri;

	private LocalRedisCluster(List<Process> nodes, String uri) {
		this.nodes = nodes;
		this.uri = uri;
	}

	/** A node's URI; Lettuce discovers the others. */
	String uri() {
		return this.uri;
	}

	static LocalRedisCluster start(Path folder) {
		String configured = System.getenv(VARIABLE);
		if (configured != null && !configured.isBlank()) {
			return new LocalRedisCluster(List.of(), configured);
		}
		List<Process> nodes = new ArrayList<>();
		try {
			List<String> addresses = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				int port = freePort();
				addresses.add("127.0.0.1:" + port);
				nodes.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
						"--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf", "--dir",
						folder.toString(), "--save", "", "--appendonly", "no")
					.redirectOutput(folder.resolve("node-" + port + ".log").toFile())
					.redirectErrorStream(true)
					.start());
			}
			for (String address : addresses) {
				await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> ping(address));
			}
			List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
			create.addAll(addresses);
			create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
			Process creator = new ProcessBuilder(create).redirectOutput(folder.resolve("create.log").toFile())
				.redirectErrorStream(true)
				.start();
			if (creator.waitFor() != 0) {
				throw new IOException("redis-cli --cluster create failed; see " + folder.resolve("create.log"));
			}
			for (String address : addresses) {
				await().atMost(Duration.ofSeconds(20)).until(() -> clusterInfo(address).contains("cluster_state:ok"));
			}
			return new LocalRedisCluster(nodes, "redis://" + addresses.get(0));
		}
		catch (IOException ex) {
			nodes.forEach(Process::destroyForcibly);
			throw RequiredService.unavailable("A local Redis Cluster (redis-server, redis-cli)", "127.0.0.1", VARIABLE, ex);
		}
		catch (InterruptedException ex) {
			nodes.forEach(Process::destroyForcibly);
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static boolean ping(String address) {
		try (RedisClient client = RedisClient.create("redis://" + address);
				StatefulRedisConnection<String, String> connection = client.connect()) {
			return "PONG".equals(connection.sync().ping());
		}
	}

	private static String clusterInfo(String address) {
		try (RedisClient client = RedisClient.create("redis://" + address);
				StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync().clusterInfo();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() {
		this.nodes.forEach(Process::destroy);
		for (Process node : this.nodes) {
			try {
				if (!node.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
					node.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				node.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
	}

}
