package io.github.mcpsessions.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A three-node Redis Cluster for one test class ({@link LocalRedisCluster}), started before its
 * first test and stopped, its files deleted, after its last:
 * {@code @RegisterExtension static final RedisClusterExtension CLUSTER = new RedisClusterExtension();}.
 */
final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {

	private Path folder;

	private LocalRedisCluster cluster;

	/** The cluster's seed URI, once started. */
	String uri() {
		return this.cluster.uri();
	}

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		this.folder = Files.createTempDirectory("mcp-sessions-redis-cluster");
		this.cluster = LocalRedisCluster.start(this.folder);
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		if (this.cluster != null) {
			this.cluster.close();
		}
		try (var files = Files.walk(this.folder)) {
			files.sorted(Comparator.reverseOrder()).forEach(path -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
	}

}
