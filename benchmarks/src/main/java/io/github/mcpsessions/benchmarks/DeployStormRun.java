package io.github.mcpsessions.benchmarks;

import java.io.IOException;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * What a deploy costs, with the server in a process of its own (the conformance server jar, a
 * fresh JVM each time) and this process as the load driver: {@code initialize} throughput at 8 and
 * 32 connections per store beside the plain SDK, and the restore storm after {@code kill -9}: every
 * stored session sends its first request to a fresh JVM, 32 at a time, beside the plain SDK
 * answering as many {@code initialize} requests on a fresh JVM.
 *
 * <p>Arguments: {@code [part=all|initialize|storm] [stores=h2,postgres,redis] [storm sizes=10000,100000]
 * [server jar=examples/target/mcp-sessions-conformance.jar]}; {@code -Dstorm.server.jvm="..."} adds JVM
 * options to the server process (a JFR recording, say).
 */
public final class DeployStormRun {

	private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
			+ "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"storm\",\"version\":\"1\"}}}";

	private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{"
			+ "\"name\":\"test_simple_text\",\"arguments\":{}}}";

	private static final String SCHEMA = "mcp_bench_storm";

	private static final String REDIS_DB = "/7";

	private final Path jar;

	private DeployStormRun(Path jar) {
		this.jar = jar;
	}

	public static void main(String[] args) throws Exception {
		String part = SteadyStateRun.arg(args, 0, "all");
		String[] stores = SteadyStateRun.arg(args, 1, "h2,postgres,redis").split(",");
		String[] sizes = SteadyStateRun.arg(args, 2, "10000,100000").split(",");
		DeployStormRun run = new DeployStormRun(Path.of(SteadyStateRun.arg(args, 3, "examples/target/mcp-sessions-conformance.jar")));
		System.out.printf("deploy storm: %d cores, %s %s, server %s%n", Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.vm.name"), System.getProperty("java.version"), run.jar);
		if (!"storm".equals(part)) {
			run.initializeThroughput(stores);
		}
		if (!"initialize".equals(part)) {
			for (String size : sizes) {
				run.restoreStorm(stores, Integer.parseInt(size));
			}
		}
		System.exit(0);
	}

	private void initializeThroughput(String[] stores) throws Exception {
		System.out.println("| server | initialize/s, 8 connections | ratio | initialize/s, 32 connections | ratio |");
		System.out.println("| --- | ---: | ---: | ---: | ---: |");
		double[] plain = null;
		List<String> modes = new ArrayList<>(List.of("plain"));
		modes.addAll(List.of(stores));
		for (String mode : modes) {
			resetStore(mode);
			try (Server server = start(mode)) {
				load(server.url(), 8, Duration.ofSeconds(5), client -> client.initialize());
				double eight = load(server.url(), 8, Duration.ofSeconds(10), client -> client.initialize()).perSecond();
				double thirtyTwo = load(server.url(), 32, Duration.ofSeconds(10), client -> client.initialize()).perSecond();
				if (plain == null) {
					plain = new double[] { eight, thirtyTwo };
				}
				System.out.printf("| %s | %.0f | %.2f | %.0f | %.2f |%n", mode, eight, eight / plain[0], thirtyTwo,
						thirtyTwo / plain[1]);
			}
		}
	}

	private void restoreStorm(String[] stores, int sessions) throws Exception {
		Result plain;
		try (Server server = start("plain")) {
			plain = drain(server.url(), sessions, client -> client.initialize());
		}
		System.out.printf("%nrestore storm, %,d sessions, 32 connections, fresh JVM after kill -9%n", sessions);
		System.out.println("| server | first requests/s | ratio | p50 ms | p99 ms | all served after s |");
		System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
		System.out.printf("| plain SDK, initialize | %.0f | 1.00 | %.1f | %.1f | %.1f |%n", plain.perSecond(),
				plain.latencies().percentileMillis(50), plain.latencies().percentileMillis(99), plain.seconds());
		for (String store : stores) {
			if ("h2".equals(store)) {
				continue;
			}
			resetStore(store);
			ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
			try (Server first = start(store)) {
				drain(first.url(), sessions, client -> ids.add(client.initialize()));
				first.kill();
			}
			try (Server second = start(store)) {
				Result storm = drain(second.url(), sessions, client -> client.call(ids.poll()));
				System.out.printf("| %s, restore | %.0f | %.2f | %.1f | %.1f | %.1f |%n", store, storm.perSecond(),
						storm.perSecond() / plain.perSecond(), storm.latencies().percentileMillis(50),
						storm.latencies().percentileMillis(99), storm.seconds());
			}
		}
	}

	/** {@code connections} clients send requests for {@code duration}; answers what they achieved. */
	private static Result load(String url, int connections, Duration duration, Step step) throws InterruptedException {
		long end = System.nanoTime() + duration.toNanos();
		return run(url, connections, () -> System.nanoTime() < end, step);
	}

	/** {@code connections} clients send {@code total} requests between them; answers what they achieved. */
	private static Result drain(String url, int total, Step step) throws InterruptedException {
		AtomicInteger next = new AtomicInteger();
		return run(url, 32, () -> next.getAndIncrement() < total, step);
	}

	private static Result run(String url, int connections, BooleanSupplier more, Step step) throws InterruptedException {
		List<Thread> threads = new ArrayList<>();
		List<Latencies> latencies = new ArrayList<>();
		AtomicLong failures = new AtomicLong();
		java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
		long start = System.nanoTime();
		for (int i = 0; i < connections; i++) {
			Latencies mine = new Latencies();
			latencies.add(mine);
			Client client = new Client(url);
			threads.add(new Thread(() -> {
				while (more.getAsBoolean()) {
					long began = System.nanoTime();
					try {
						step.run(client);
						mine.add(System.nanoTime() - began);
					}
					catch (RuntimeException ex) {
						failures.incrementAndGet();
						firstFailure.compareAndSet(null, ex.toString());
					}
				}
			}));
		}
		threads.forEach(Thread::start);
		for (Thread thread : threads) {
			thread.join();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		Latencies all = new Latencies();
		latencies.forEach(all::addAll);
		if (failures.get() > 0) {
			System.out.printf("  (%d requests failed; the first: %s)%n", failures.get(), firstFailure.get());
		}
		return new Result(all, seconds);
	}

	private Server start(String mode) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		String jvmOptions = System.getProperty("storm.server.jvm", "");
		if (!jvmOptions.isBlank()) {
			command.addAll(List.of(jvmOptions.trim().split("\\s+")));
		}
		command.addAll(List.of("-jar", this.jar.toString(), "--port", Integer.toString(freePort())));
		switch (mode) {
			case "plain" -> command.addAll(List.of("--persistence", "off", "--store", "memory"));
			case "h2" -> command.addAll(List.of("--store", "h2", "--data-dir", Files.createTempDirectory("storm-h2").toString()));
			case "postgres" -> command.addAll(List.of("--store", "postgres", "--jdbc-url",
					Stores.JDBC_URL + (Stores.JDBC_URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA));
			case "redis" -> command.addAll(List.of("--store", "redis", "--redis-url", Stores.REDIS_URL + REDIS_DB));
			default -> throw new IllegalArgumentException("unknown server " + mode);
		}
		return new Server(command);
	}

	private static void resetStore(String mode) throws Exception {
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

	private static int freePort() throws IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@FunctionalInterface
	private interface Step {

		void run(Client client);

	}

	private record Result(Latencies latencies, double seconds) {

		double perSecond() {
			return this.latencies.count() / this.seconds;
		}

	}

	/** One connection's client. */
	private static final class Client {

		private final Http http = new Http();

		private final String url;

		Client(String url) {
			this.url = url;
		}

		String initialize() {
			HttpResponse<String> reply = this.http.post(this.url, null, INITIALIZE);
			return reply.headers().firstValue("Mcp-Session-Id")
				.orElseThrow(() -> new IllegalStateException("initialize answered " + reply.statusCode()));
		}

		void call(String sessionId) {
			HttpResponse<String> reply = this.http.post(this.url, sessionId, CALL);
			if (reply.statusCode() != 200) {
				throw new IllegalStateException("answered " + reply.statusCode() + " " + reply.body());
			}
		}

	}

	/** The server jar in a process of its own, killed with {@code kill -9} when closed. */
	private static final class Server implements AutoCloseable {

		private final Process process;

		private final String url;

		Server(List<String> command) throws IOException {
			int port = Integer.parseInt(command.get(command.indexOf("--port") + 1));
			this.url = "http://127.0.0.1:" + port + "/mcp";
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(Files.createTempFile("storm-server", ".log").toFile())
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

		String url() {
			return this.url;
		}

		void kill() throws InterruptedException {
			this.process.destroyForcibly();
			this.process.waitFor();
		}

		@Override
		public void close() throws InterruptedException {
			kill();
		}

	}

}
