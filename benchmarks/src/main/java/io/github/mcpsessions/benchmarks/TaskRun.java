package io.github.mcpsessions.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durable tasks under load, the driver in this process and the conformance server in a JVM of its
 * own (started with {@code --task-inline-window PT0S}, so every call of a task-supporting tool from a
 * client that declares the tasks extension becomes a task): per store, in one run,
 * <ol>
 * <li><b>plain</b>: {@code tools/call} of {@code slow_compute} (0 s of work) from a client without the
 * extension, answered when the tool returns;</li>
 * <li><b>task</b>: the same call from a client with the extension: {@code CreateTaskResult} once the
 * task is durable (<b>create</b> latency), then {@code tasks/get} until it is completed (<b>to result</b>
 * latency, what the client waits in all);</li>
 * <li><b>get</b>: {@code tasks/get} of completed tasks, round robin.</li>
 * </ol>
 * {@code plain} as a store runs the plain SDK server ({@code --persistence off}, no tasks) and the plain
 * phase only, the baseline of the same tool without this library.
 * Arguments: {@code [stores=plain,h2,postgres,redis] [threads=8] [seconds=8] [server jar=examples/target/mcp-sessions-conformance.jar]}.
 */
public final class TaskRun {

	private static final Pattern TASK_ID = Pattern.compile("\"taskId\":\"([^\"]+)\"");

	private static final String META_PLAIN = meta("{}");

	private static final String META_TASKS = meta("{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}}");

	public static void main(String[] args) throws Exception {
		String[] stores = SteadyStateRun.arg(args, 0, "plain,h2,postgres,redis").split(",");
		int threads = Integer.parseInt(SteadyStateRun.arg(args, 1, "8"));
		Duration length = Duration.ofSeconds(Long.parseLong(SteadyStateRun.arg(args, 2, "8")));
		Path jar = Path.of(SteadyStateRun.arg(args, 3, "examples/target/mcp-sessions-conformance.jar"));
		System.out.printf("tasks: %d cores, %s %s, stores %s, %d client threads, %d s per phase, driver in its own JVM%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
				System.getProperty("java.version"), String.join(",", stores), threads, length.toSeconds());
		System.out.printf("%-9s %-6s %10s %10s %10s %10s%n", "store", "phase", "per s", "p50 ms", "p99 ms", "n");
		for (String store : stores) {
			ServerProcess.resetStore(store);
			try (ServerProcess server = ServerProcess.start(jar, store,
					"plain".equals(store) ? List.of("--era", "2026-07-28") : List.of("--task-inline-window", "PT0S"))) {
				TaskRun run = new TaskRun(server.url());
				run.phase(threads, Duration.ofSeconds(5), run::plainCall, null);
				if ("plain".equals(store)) {
					Result plain = run.phase(threads, length, run::plainCall, null);
					print(store, "plain", plain.perSecond(), plain.latencies());
					continue;
				}
				run.phase(threads, Duration.ofSeconds(5), run::taskCall, null);
				run.completed.clear();
				Result plain = run.phase(threads, length, run::plainCall, null);
				Latencies toResult = new Latencies();
				Result create = run.phase(threads, length, run::taskCall, toResult);
				Result get = run.phase(threads, length, run::getCompleted, null);
				print(store, "plain", plain.perSecond(), plain.latencies());
				print(store, "create", create.perSecond(), create.latencies());
				print(store, "result", create.perSecond(), toResult);
				print(store, "get", get.perSecond(), get.latencies());
				System.out.printf("%-9s task to result / plain call, p50: %.2fx%n", store,
						toResult.percentileMillis(50) / plain.latencies().percentileMillis(50));
			}
		}
		System.exit(0);
	}

	private final String url;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final AtomicLong ids = new AtomicLong();

	private final List<String> completed = new java.util.concurrent.CopyOnWriteArrayList<>();

	private TaskRun(String url) {
		this.url = url;
	}

	private interface Call {

		/** One operation; returns its latency in nanoseconds and adds any latency it also measures. */
		long run(Latencies extra) throws IOException, InterruptedException;

	}

	private record Result(double perSecond, Latencies latencies) {
	}

	private Result phase(int threads, Duration length, Call call, Latencies extra) throws InterruptedException {
		long end = System.nanoTime() + length.toNanos();
		ConcurrentLinkedQueue<Latencies> all = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<Latencies> extras = new ConcurrentLinkedQueue<>();
		CountDownLatch done = new CountDownLatch(threads);
		List<Thread> workers = new ArrayList<>();
		long began = System.nanoTime();
		for (int i = 0; i < threads; i++) {
			Thread worker = new Thread(() -> {
				Latencies mine = new Latencies();
				Latencies mineExtra = new Latencies();
				try {
					while (System.nanoTime() < end) {
						mine.add(call.run(mineExtra));
					}
				}
				catch (IOException | InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
				finally {
					all.add(mine);
					extras.add(mineExtra);
					done.countDown();
				}
			});
			worker.start();
			workers.add(worker);
		}
		done.await();
		double seconds = (System.nanoTime() - began) / 1e9;
		Latencies merged = new Latencies();
		all.forEach(merged::addAll);
		if (extra != null) {
			extras.forEach(extra::addAll);
		}
		return new Result(merged.count() / seconds, merged);
	}

	private long plainCall(Latencies extra) throws IOException, InterruptedException {
		long start = System.nanoTime();
		String body = post("tools/call", "slow_compute",
				"\"name\":\"slow_compute\",\"arguments\":{\"seconds\":0,\"label\":\"bench\"}", META_PLAIN);
		require(body, "\"resultType\":\"complete\"");
		return System.nanoTime() - start;
	}

	private long taskCall(Latencies toResult) throws IOException, InterruptedException {
		long start = System.nanoTime();
		String created = post("tools/call", "slow_compute",
				"\"name\":\"slow_compute\",\"arguments\":{\"seconds\":0,\"label\":\"bench\"}", META_TASKS);
		long createdAt = System.nanoTime();
		Matcher id = TASK_ID.matcher(created);
		if (!id.find()) {
			throw new IllegalStateException("no task: " + created);
		}
		String taskId = id.group(1);
		while (true) {
			String task = post("tasks/get", taskId, "\"taskId\":\"" + taskId + "\"", META_TASKS);
			if (task.contains("\"status\":\"completed\"")) {
				break;
			}
			require(task, "\"status\":\"working\"");
		}
		toResult.add(System.nanoTime() - start);
		if (this.completed.size() < 10_000) {
			this.completed.add(taskId);
		}
		return createdAt - start;
	}

	private long getCompleted(Latencies extra) throws IOException, InterruptedException {
		String taskId = this.completed.get((int) (this.ids.get() % this.completed.size()));
		long start = System.nanoTime();
		require(post("tasks/get", taskId, "\"taskId\":\"" + taskId + "\"", META_TASKS), "\"status\":\"completed\"");
		return System.nanoTime() - start;
	}

	private String post(String method, String name, String fields, String meta) throws IOException, InterruptedException {
		String body = "{\"jsonrpc\":\"2.0\",\"id\":" + this.ids.incrementAndGet() + ",\"method\":\"" + method
				+ "\",\"params\":{" + fields + ",\"_meta\":" + meta + "}}";
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.url))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.header("MCP-Protocol-Version", "2026-07-28")
			.header("Mcp-Method", method)
			.header("Mcp-Name", name)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString()).body();
	}

	private static void require(String body, String part) {
		if (!body.contains(part)) {
			throw new IllegalStateException("expected " + part + " in " + body);
		}
	}

	private static String meta(String capabilities) {
		return "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientInfo\":"
				+ "{\"name\":\"bench\",\"version\":\"1\"},\"io.modelcontextprotocol/clientCapabilities\":" + capabilities + "}";
	}

	private static void print(String store, String phase, double perSecond, Latencies latencies) {
		System.out.printf("%-9s %-6s %10.0f %10.2f %10.2f %10d%n", store, phase, perSecond, latencies.percentileMillis(50),
				latencies.percentileMillis(99), latencies.count());
	}

}
