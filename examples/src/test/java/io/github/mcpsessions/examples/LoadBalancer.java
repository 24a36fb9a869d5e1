package io.github.mcpsessions.examples;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.mcpsessions.testing.RequiredService;
import io.github.mcpsessions.testing.StoreScenarios;

/**
 * HAProxy in front of two replicas, as users run it: round robin without stickiness, {@code GET
 * /health} every 300 ms (two failures take a replica out, two successes bring it back), and
 * requests retried on another replica only when the connection failed.
 */
final class LoadBalancer implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final int port;

	private final int statsPort;

	private LoadBalancer(Process process, int port, int statsPort) {
		this.process = process;
		this.port = port;
		this.statsPort = statsPort;
	}

	static LoadBalancer start(Path folder, int... replicaPorts) throws IOException {
		return startWithUp(folder, replicaPorts.length, replicaPorts);
	}

	/** HAProxy in front of the replicas, once {@code expectedUp} of them pass its health checks. */
	static LoadBalancer startWithUp(Path folder, int expectedUp, int... replicaPorts) throws IOException {
		int port = StoreScenarios.closedPort();
		int statsPort = StoreScenarios.closedPort();
		StringBuilder config = new StringBuilder("""
				global
				    maxconn 2000
				defaults
				    mode http
				    timeout connect 2s
				    timeout client 60s
				    timeout server 60s
				    retries 3
				    option redispatch
				    retry-on conn-failure
				    option http-no-delay
				frontend mcp
				    bind 127.0.0.1:%d
				    default_backend replicas
				listen stats
				    bind 127.0.0.1:%d
				    stats enable
				    stats uri /stats
				backend replicas
				    balance roundrobin
				    option httpchk GET /health
				    http-check expect status 200
				    default-server inter 300ms fall 2 rise 2
				""".formatted(port, statsPort));
		for (int i = 0; i < replicaPorts.length; i++) {
			config.append("    server replica-").append(i).append(" 127.0.0.1:").append(replicaPorts[i]).append(" check\n");
		}
		Path file = Files.writeString(folder.resolve("haproxy.cfg"), config);
		Process process;
		try {
			process = new ProcessBuilder(List.of("haproxy", "-db", "-f", file.toString())).redirectErrorStream(true)
				.redirectOutput(folder.resolve("haproxy.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw RequiredService.unavailable("HAProxy", "the PATH", "PATH (apt-get install haproxy)", ex);
		}
		LoadBalancer balancer = new LoadBalancer(process, port, statsPort);
		balancer.awaitReplicasUp(expectedUp);
		return balancer;
	}

	String mcpUrl() {
		return "http://127.0.0.1:" + this.port + "/mcp";
	}

	/** Waits until HAProxy's health checks count {@code expected} replicas up. */
	void awaitReplicasUp(int expected) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
			.until(() -> replicasUp() == expected);
	}

	private long replicasUp() throws IOException, InterruptedException {
		String csv = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.statsPort + "/stats;csv"))
			.timeout(Duration.ofSeconds(2))
			.build(), HttpResponse.BodyHandlers.ofString()).body();
		return csv.lines().filter(line -> line.startsWith("replicas,replica-")).filter(line -> line.contains(",UP,")).count();
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
