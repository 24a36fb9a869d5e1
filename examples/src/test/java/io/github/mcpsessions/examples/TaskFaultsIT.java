package io.github.mcpsessions.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpsessions.testing.StoreScenarios;
import io.github.mcpsessions.testing.TcpProxy;

/**
 * Durable tasks on real example processes over PostgreSQL: a SIGTERM lets the running task finish
 * (or fails it after the drain timeout) and the other replica reads what became of it; the store cut
 * mid-task by a TCP proxy gets 503 with {@code Retry-After}, never "unknown task", and the result once
 * the store is back. (Killing the running replica: {@code demo-tasks.sh}, run by {@link DemoScriptsIT}.)
 */
class TaskFaultsIT {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final Pattern TASK_ID = Pattern.compile("\"taskId\":\"([^\"]+)\"");

	private static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z_]+)\"");

	@TempDir
	Path folder;

	@Test
	void sigtermLetsTheRunningTaskFinishAndTheOtherReplicaReadsItsResult() throws Exception {
		TestServices.inPostgresSchema("mcp_test_task_drain_", url -> {
			List<String> options = List.of("--store", "postgres", "--jdbc-url", url, "--drain-period", "PT0S");
			try (ExampleProcess a = ExampleProcess.start(StoreScenarios.closedPort(), this.folder, options);
					ExampleProcess b = ExampleProcess.start(StoreScenarios.closedPort(), this.folder, options)) {
				String taskId = taskId(request(a.mcpUrl(), "tools/call", "export",
						"\"name\":\"export\",\"arguments\":{\"seconds\":3}"));

				assertThat(a.terminate(Duration.ofSeconds(30))).as("exit code after SIGTERM (143: ended by it, not killed)").isEqualTo(143);

				String done = request(b.mcpUrl(), "tasks/get", taskId, "\"taskId\":\"" + taskId + "\"").body();
				assertThat(status(done)).as(done).isEqualTo("completed");
				assertThat(done).contains("export ready after 3 s");
			}
		});
	}

	@Test
	void aTaskStillRunningAfterTheDrainTimeoutIsFailedNotLeftWorking() throws Exception {
		TestServices.inPostgresSchema("mcp_test_task_timeout_", url -> {
			List<String> options = List.of("--store", "postgres", "--jdbc-url", url, "--drain-period", "PT0S",
					"--drain-timeout", "PT1S");
			try (ExampleProcess a = ExampleProcess.start(StoreScenarios.closedPort(), this.folder, options);
					ExampleProcess b = ExampleProcess.start(StoreScenarios.closedPort(), this.folder, options)) {
				String taskId = taskId(request(a.mcpUrl(), "tools/call", "export",
						"\"name\":\"export\",\"arguments\":{\"seconds\":60}"));

				assertThat(a.terminate(Duration.ofSeconds(30))).as("exit code after SIGTERM (143: ended by it, not killed)").isEqualTo(143);

				String failed = request(b.mcpUrl(), "tasks/get", taskId, "\"taskId\":\"" + taskId + "\"").body();
				assertThat(status(failed)).as(failed).isEqualTo("failed");
				assertThat(failed).contains("stopped before the task finished").contains("-32603");
			}
		});
	}

	@Test
	void theStoreCutMidTaskGets503AndTheResultOnceItIsBack() throws Exception {
		TestServices.inPostgresSchema("mcp_test_task_cut_", url -> {
			URI postgres = URI.create(url.substring("jdbc:".length()));
			try (TcpProxy proxy = new TcpProxy(postgres.getHost(), postgres.getPort())) {
				String viaProxy = url.replace(postgres.getHost() + ":" + postgres.getPort(), "127.0.0.1:" + proxy.port());
				List<String> options = List.of("--store", "postgres", "--jdbc-url", viaProxy);
				try (ExampleProcess a = ExampleProcess.start(StoreScenarios.closedPort(), this.folder, options)) {
					String taskId = taskId(request(a.mcpUrl(), "tools/call", "export",
							"\"name\":\"export\",\"arguments\":{\"seconds\":2}"));
					proxy.cut();

					HttpResponse<String> down = request(a.mcpUrl(), "tasks/get", taskId, "\"taskId\":\"" + taskId + "\"");
					assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
					assertThat(down.headers().firstValue("Retry-After")).isPresent();
					assertThat(down.body()).contains("-32002").doesNotContain("-32602");
					proxy.restore();

					String done = await().atMost(Duration.ofSeconds(60))
						.pollInterval(Duration.ofMillis(250))
						.until(() -> request(a.mcpUrl(), "tasks/get", taskId, "\"taskId\":\"" + taskId + "\"").body(),
								body -> "completed".equals(status(body)));
					assertThat(done).contains("export ready after 2 s");
				}
			}
		});
	}

	@Test
	void onQuartzATaskOfARerunnableToolRunsAgainOnTheOtherReplicaAfterKill9() throws Exception {
		TestServices.inPostgresSchema("mcp_test_task_quartz_", url -> {
			List<String> options = List.of("--store", "postgres", "--jdbc-url", url, "--task-engine", "quartz",
					"--task-lease", "PT3S");
			try (ExampleProcess a = ExampleProcess.start(StoreScenarios.closedPort(), this.folder, options);
					ExampleProcess b = ExampleProcess.start(StoreScenarios.closedPort(), this.folder, options)) {
				String taskId = taskId(request(a.mcpUrl(), "tools/call", "export",
						"\"name\":\"export\",\"arguments\":{\"seconds\":4}"));
				ExampleProcess runner = await().atMost(Duration.ofSeconds(20))
					.until(() -> activeTasks(a) == 1 ? a : activeTasks(b) == 1 ? b : null, java.util.Objects::nonNull);
				ExampleProcess survivor = runner == a ? b : a;

				runner.kill();
				long killed = System.nanoTime();

				String done = await().atMost(Duration.ofSeconds(90))
					.pollInterval(Duration.ofMillis(250))
					.until(() -> request(survivor.mcpUrl(), "tasks/get", taskId, "\"taskId\":\"" + taskId + "\"").body(),
							body -> !"working".equals(status(body)));
				assertThat(status(done)).as(done).isEqualTo("completed");
				assertThat(done).contains("export ready after 4 s");
				System.out.printf("Quartz reran the task on the other replica; completed %d ms after kill -9%n",
						(System.nanoTime() - killed) / 1_000_000);
			}
		});
	}

	private static double activeTasks(ExampleProcess example) throws IOException, InterruptedException {
		for (String line : example.get("/metrics").body().split("\n")) {
			if (line.startsWith("mcp_sessions_tasks_active")) {
				return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return -1;
	}

	/** A 2026-07-28 request from a client that declares the tasks extension. */
	private static HttpResponse<String> request(String url, String method, String name, String fields)
			throws IOException, InterruptedException {
		String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":{" + fields
				+ ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
				+ "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}},"
				+ "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}}";
		return HTTP.send(HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.header("MCP-Protocol-Version", "2026-07-28")
			.header("Mcp-Method", method)
			.header("Mcp-Name", name)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String taskId(HttpResponse<String> created) {
		Matcher id = TASK_ID.matcher(created.body());
		assertThat(id.find()).as(created.body()).isTrue();
		return id.group(1);
	}

	private static String status(String body) {
		Matcher status = STATUS.matcher(body);
		List<String> found = new ArrayList<>();
		while (status.find()) {
			found.add(status.group(1));
		}
		return found.isEmpty() ? null : found.get(0);
	}

}
