package io.github.mcpsessions.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The conformance server jar in a JVM of its own, as a deploy starts it: {@code plain} (the SDK
 * alone, {@code --persistence off}) or decorated over {@code h2}, {@code postgres} or
 * {@code redis}; killed with {@code kill -9} when closed. {@code -Dbench.server.jvm="..."} adds JVM
 * options (a JFR recording, say).
 */
final class ServerProcess implements AutoCloseable {

	private static final String SCHEMA = "mcp_bench_server";

	private static final String REDIS_DB = "/7";

	private final Process process;

	private final String url;

	private ServerProcess(List<String> command, int port) throws IOException {
		this.url = "http://127.0.0.1:" + port + "/mcp";
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(Files.createTempFile("bench-server", ".log").toFile())
			.start();
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
						HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException | InterruptedException ex) {
				LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
			}
		}
		this.process.destroyForcibly();
		throw new IllegalStateException("the server did not start: " + command);
	}

	/** Starts the server over {@code mode}'s store, as it is (see {@link #resetStore}). */
	static ServerProcess start(Path jar, String mode) throws IOException {
		return start(jar, mode, List.of());
	}

	/** Starts the server over {@code mode}'s store with {@code options} added to its command line. */
	static ServerProcess start(Path jar, String mode, List<String> options) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		String jvmOptions = System.getProperty("bench.server.jvm", System.getProperty("storm.server.jvm", ""));
		if (!jvmOptions.isBlank()) {
			command.addAll(List.of(jvmOptions.trim().split("\\s+")));
		}
		int port = freePort();
		command.addAll(List.of("-jar", jar.toString(), "--port", Integer.toString(port)));
		// "<store>+session": the session era only (no 2026-07-28 routing); "<store>+resumable": with an event store.
		if (mode.endsWith("+session")) {
			command.addAll(List.of("--era", "session"));
		}
		if (mode.endsWith("+resumable")) {
			command.addAll(List.of("--resumable-streams", "on"));
		}
		switch (mode.replaceAll("\\+.*", "")) {
			case "plain" -> command.addAll(List.of("--persistence", "off", "--store", "memory"));
			case "memory" -> command.addAll(List.of("--store", "memory"));
			case "h2" -> command.addAll(List.of("--store", "h2", "--data-dir",
					Files.createTempDirectory("bench-h2").toString()));
			case "postgres" -> command.addAll(List.of("--store", "postgres", "--jdbc-url",
					Stores.JDBC_URL + (Stores.JDBC_URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA));
			case "redis" -> command.addAll(List.of("--store", "redis", "--redis-url", Stores.REDIS_URL + REDIS_DB));
			default -> throw new IllegalArgumentException("unknown server " + mode);
		}
		command.addAll(options);
		return new ServerProcess(command, port);
	}

	/** Empties the store {@code mode}'s server uses. */
	static void resetStore(String mode) throws Exception {
		// A "+" variant shares the store its base mode emptied earlier in the run.
		if ("postgres".equals(mode)) {
			try (Connection connection = DriverManager.getConnection(Stores.JDBC_URL);
					Statement statement = connection.createStatement()) {
				statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
				statement.execute("CREATE SCHEMA " + SCHEMA);
			}
		}
		else if ("redis".equals(mode)) {
			try (io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(Stores.REDIS_URL + REDIS_DB);
					var connection = client.connect()) {
				connection.sync().flushdb();
			}
		}
	}

	String url() {
		return this.url;
	}

	/** The CPU time the server's process has used so far, all its threads (JIT and GC too). */
	Duration cpuTime() {
		return this.process.toHandle().info().totalCpuDuration().orElseThrow();
	}

	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	/** Stops the server as a deploy does (SIGTERM, so a flight recording it was started with is written), then kills it. */
	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
			kill();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
