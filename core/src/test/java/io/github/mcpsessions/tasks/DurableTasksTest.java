package io.github.mcpsessions.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.McpSchema.CallToolRequest;
import io.modelcontextprotocol.modern.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.modern.McpSchema.InputRequiredResult;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;

import io.github.mcpsessions.eras.BusChangeFeed;
import io.github.mcpsessions.messaging.InProcessSessionMessageBus;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionStoreException;
import io.github.mcpsessions.testing.MutableClock;

/**
 * The tasks extension end to end over HTTP, on one replica and on two sharing a store: task
 * creation, results, errors, cancellation and input rounds reaching the replica that runs the
 * tool, leases, refusals, the drain.
 */
@Tag("sdk-2.2")
class DurableTasksTest {

	private final FlakyTaskStore store = new FlakyTaskStore(new InMemoryTaskStore());

	private final CountDownLatch release = new CountDownLatch(1);

	private final CountDownLatch interrupted = new CountDownLatch(1);

	private final List<AutoCloseable> open = new ArrayList<>();

	private final TaskClient client = TaskClient.declaring();

	@AfterEach
	void close() throws Exception {
		this.release.countDown();
		for (AutoCloseable closeable : this.open) {
			closeable.close();
		}
	}

	@Test
	void answersWithATaskStoredBeforeItsIdLeavesAndInlinesTheResultWhenDone() {
		TaskServer server = start(tasks -> tasks.inlineWindow(Duration.ZERO));

		TaskClient.Reply created = this.client.call(server.url(), "hold", Map.of());

		assertThat(created.get("resultType")).isEqualTo("task");
		assertThat(created.get("status")).isEqualTo("working");
		assertThat(created.get("ttlMs")).isEqualTo(3_600_000);
		assertThat(created.get("pollIntervalMs")).isEqualTo(1_000);
		assertThat(created.result()).doesNotContainKeys("result", "error", "inputRequests", "requestState");
		assertThat(this.store.find(created.taskId())).isPresent();
		assertThat(this.client.get(server.url(), created.taskId()).get("status")).isEqualTo("working");

		this.release.countDown();

		TaskClient.Reply done = awaitTerminal(server.url(), created.taskId());
		assertThat(server.tasks().count("created")).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> server.tasks().count("completed") == 1);
		assertThat(done.get("resultType")).isEqualTo("complete");
		assertThat(done.get("status")).isEqualTo("completed");
		assertThat(text(done.get("result"))).isEqualTo("released");
		assertThat(done.map("result")).doesNotContainKey("resultType");
	}

	@Test
	void answersACallThatEndsWithinTheInlineWindowDirectly() {
		TaskServer server = start(tasks -> tasks.inlineWindow(Duration.ofSeconds(10)));

		TaskClient.Reply quick = this.client.call(server.url(), "quick", Map.of());
		TaskClient.Reply firstRound = this.client.call(server.url(), "ask", Map.of());

		assertThat(quick.get("resultType")).isEqualTo("complete");
		assertThat(quick.get("taskId")).isNull();
		assertThat(server.tasks().count("inline")).isEqualTo(2);
		assertThat(text(quick.result())).isEqualTo("quick");
		assertThat(firstRound.get("resultType")).isEqualTo("input_required");
		assertThat(firstRound.get("taskId")).isNull();
	}

	@Test
	void runsCallsOfClientsWithoutTheExtensionDirectlyAndRefusesThemToolsThatNeedIt() {
		TaskServer server = start(tasks -> tasks.inlineWindow(Duration.ZERO));
		TaskClient plain = new TaskClient(false, null);

		TaskClient.Reply optional = plain.call(server.url(), "quick", Map.of());
		TaskClient.Reply required = plain.call(server.url(), "required", Map.of());
		TaskClient.Reply get = plain.get(server.url(), "some-task");

		assertThat(optional.get("resultType")).isEqualTo("complete");
		assertThat(text(optional.result())).isEqualTo("quick");
		assertThat(required.code()).isEqualTo(-32021);
		assertThat(required.error().get("data")).isEqualTo(
				Map.of("requiredCapabilities", Map.of("extensions", Map.of(TaskClient.EXTENSION, Map.of()))));
		assertThat(get.code()).isEqualTo(-32021);
	}

	@Test
	void showsEachToolsTaskSupportAndAdvertisesTheExtension() {
		TaskServer server = start(tasks -> {
		});

		TaskClient.Reply listed = this.client.request(server.url(), "tools/list", Map.of(), Map.of());
		TaskClient.Reply discovered = this.client.request(server.url(), "server/discover", Map.of(), Map.of());

		Map<String, Object> support = new LinkedHashMap<>();
		for (Object tool : (List<?>) listed.get("tools")) {
			Map<?, ?> definition = (Map<?, ?>) tool;
			support.put((String) definition.get("name"),
					definition.get("execution") == null ? "none" : ((Map<?, ?>) definition.get("execution")).get("taskSupport"));
		}
		assertThat(support).containsEntry("hold", "optional").containsEntry("required", "required")
			.containsEntry("plain", "none");
		assertThat(((Map<?, ?>) discovered.map("capabilities").get("extensions")).containsKey(TaskClient.EXTENSION))
			.isTrue();
	}

	@Test
	void refusesUnknownAndOtherCallersTasksAlikeAndTheRemovedMethods() {
		TaskServer server = start(tasks -> tasks.inlineWindow(Duration.ZERO));
		TaskClient alice = new TaskClient(true, "alice");
		String taskId = alice.call(server.url(), "hold", Map.of()).taskId();

		assertThat(alice.get(server.url(), taskId).get("status")).isEqualTo("working");
		assertThat(new TaskClient(true, "bob").get(server.url(), taskId).code()).isEqualTo(-32602);
		assertThat(this.client.get(server.url(), taskId).code()).isEqualTo(-32602);
		assertThat(new TaskClient(true, "bob").cancel(server.url(), taskId).code()).isEqualTo(-32602);
		assertThat(this.client.get(server.url(), "no-such-task").code()).isEqualTo(-32602);
		assertThat(this.client.request(server.url(), "tasks/result", Map.of("taskId", taskId), Map.of()).code())
			.isEqualTo(-32601);
		assertThat(this.client.request(server.url(), "tasks/list", Map.of(), Map.of()).code()).isEqualTo(-32601);
		assertThat(alice.get(server.url(), taskId).get("status")).isEqualTo("working");
	}

	@Test
	void refusesATaskRequestWhoseMcpNameHeaderIsNotItsTaskId() {
		TaskServer server = start(tasks -> tasks.inlineWindow(Duration.ZERO));
		String taskId = this.client.call(server.url(), "hold", Map.of()).taskId();

		TaskClient.Reply mismatched = this.client.request(server.url(), "tasks/get", Map.of("taskId", taskId),
				Map.of("Mcp-Name", "another-task"));
		TaskClient.Reply missing = this.client.request(server.url(), "tasks/get", Map.of("taskId", taskId),
				java.util.Collections.singletonMap("Mcp-Name", null));

		assertThat(mismatched.status()).isEqualTo(400);
		assertThat(mismatched.code()).isEqualTo(-32020);
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.code()).isEqualTo(-32020);
	}

	@Test
	void cancelOnAnotherReplicaInterruptsTheToolWhereItRuns() throws InterruptedException {
		TaskServer a = start(tasks -> tasks.inlineWindow(Duration.ZERO).checkInterval(Duration.ofMillis(50)));
		TaskServer b = start(tasks -> tasks.inlineWindow(Duration.ZERO));
		String taskId = this.client.call(a.url(), "hold", Map.of()).taskId();

		TaskClient.Reply ack = this.client.cancel(b.url(), taskId);

		assertThat(ack.result()).containsOnlyKeys("resultType", "_meta");
		assertThat(ack.get("resultType")).isEqualTo("complete");
		assertThat(this.interrupted.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.client.get(a.url(), taskId).get("status")).isEqualTo("cancelled");
		assertThat(this.client.cancel(a.url(), taskId).get("resultType")).isEqualTo("complete");
		await().atMost(Duration.ofSeconds(10)).until(() -> a.tasks().activeTasks() == 0);
	}

	@Test
	void answersSentToAnotherReplicaResumeTheToolWithItsRequestState() {
		TaskServer a = start(tasks -> tasks.inlineWindow(Duration.ZERO).checkInterval(Duration.ofMillis(50)));
		TaskServer b = start(tasks -> tasks.inlineWindow(Duration.ZERO));
		String taskId = this.client.call(a.url(), "ask", Map.of()).taskId();

		TaskClient.Reply asking = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.client.get(b.url(), taskId), reply -> "input_required".equals(reply.get("status")));
		assertThat(asking.map("inputRequests")).containsOnlyKeys("a", "b");
		assertThat(asking.result()).doesNotContainKey("requestState");

		assertThat(this.client.update(b.url(), taskId, Map.of("a", accept("first"), "unknown", accept("x"))).result())
			.containsOnlyKeys("resultType", "_meta");
		TaskClient.Reply partly = this.client.get(b.url(), taskId);
		assertThat(partly.get("status")).isEqualTo("input_required");
		assertThat(partly.map("inputRequests")).containsOnlyKeys("b");

		this.client.update(b.url(), taskId, Map.of("b", accept("second")));

		TaskClient.Reply done = awaitTerminal(b.url(), taskId);
		assertThat(done.get("status")).isEqualTo("completed");
		assertThat(text(done.get("result"))).isEqualTo("a=first b=second state=round-1");
	}

	@Test
	void aProtocolErrorFailsTheTaskWithItsErrorAndOtherExceptionsTellNothingOfTheServer() {
		TaskServer server = start(tasks -> tasks.inlineWindow(Duration.ZERO));

		TaskClient.Reply boom = awaitTerminal(server.url(), this.client.call(server.url(), "boom", Map.of()).taskId());
		TaskClient.Reply crash = awaitTerminal(server.url(), this.client.call(server.url(), "crash", Map.of()).taskId());

		assertThat(boom.get("status")).isEqualTo("failed");
		assertThat(boom.get("error")).isEqualTo(Map.of("code", -32050, "message", "boom"));
		assertThat(boom.result()).doesNotContainKey("result");
		assertThat(crash.get("status")).isEqualTo("failed");
		assertThat(crash.get("error")).isEqualTo(Map.of("code", -32603, "message", "The tool failed with an internal error"));
		assertThat(crash.toString()).doesNotContain("secret detail");
	}

	@Test
	void failsATaskWhoseResultIsLargerThanItKeeps() {
		TaskServer server = start(tasks -> tasks.inlineWindow(Duration.ZERO).maxResultChars(1_000));

		TaskClient.Reply big = awaitTerminal(server.url(), this.client.call(server.url(), "big", Map.of()).taskId());

		assertThat(big.get("status")).isEqualTo("failed");
		assertThat(String.valueOf((big.map("error")).get("message"))).contains("more than the 1000");
	}

	@Test
	void showsTheToolsProgressMessageAsTheStatusMessage() {
		TaskServer server = start(tasks -> tasks.inlineWindow(Duration.ZERO).checkInterval(Duration.ofMillis(50)));
		String taskId = this.client.call(server.url(), "progress", Map.of()).taskId();

		await().atMost(Duration.ofSeconds(10))
			.until(() -> "half way".equals(this.client.get(server.url(), taskId).get("statusMessage")));
		this.release.countDown();
		assertThat(awaitTerminal(server.url(), taskId).get("status")).isEqualTo("completed");
	}

	@Test
	void renewsTheLeaseOfARunningTaskAndFailsATaskWhoseRunnerStoppedRenewing() {
		TaskServer server = start(tasks -> tasks.inlineWindow(Duration.ZERO)
			.lease(Duration.ofMillis(600))
			.checkInterval(Duration.ofMillis(50)));
		String taskId = this.client.call(server.url(), "hold", Map.of()).taskId();
		Instant firstLease = this.store.find(taskId).orElseThrow().leaseUntil();
		Instant now = Instant.now();
		TaskRecord orphan = TaskRecord.created("orphan-task-of-a-killed-replica", null, "hold", "{}", now.minusSeconds(30),
				Duration.ofHours(1), Duration.ofSeconds(1), "killed-replica", now.minusSeconds(5));
		this.store.create(orphan);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.store.find(taskId).orElseThrow().leaseUntil().isAfter(firstLease.plusMillis(300)));
		TaskClient.Reply failed = this.client.get(server.url(), orphan.id());

		assertThat(this.client.get(server.url(), taskId).get("status")).isEqualTo("working");
		assertThat(failed.get("status")).isEqualTo("failed");
		assertThat(String.valueOf((failed.map("error")).get("message"))).contains("lease ran out");
	}

	@Test
	void announcesStatusChangesToListenersOnEveryReplicaThatFollowTheTask() {
		InMemorySessionRepository secrets = new InMemorySessionRepository();
		InProcessSessionMessageBus bus = new InProcessSessionMessageBus();
		BusChangeFeed feedA = BusChangeFeed.builder(bus, secrets).build();
		BusChangeFeed feedB = BusChangeFeed.builder(bus, secrets).build();
		this.open.add(feedA);
		this.open.add(feedB);
		TaskServer a = startOn(tasks -> tasks.inlineWindow(Duration.ZERO), feedA);
		TaskServer b = startOn(tasks -> tasks.inlineWindow(Duration.ZERO), feedB);
		TaskClient alice = new TaskClient(true, "alice");
		String taskId = alice.call(a.url(), "hold", Map.of()).taskId();
		String othersTask = new TaskClient(true, "bob").call(a.url(), "hold", Map.of()).taskId();
		Queue<String> heard = new ConcurrentLinkedQueue<>();
		CompletableFuture<?> listening = alice.listen(b.url(), List.of(taskId, othersTask), heard);
		this.open.add(() -> listening.cancel(true));
		await().atMost(Duration.ofSeconds(10)).until(() -> heard.stream().anyMatch(event -> event.contains("acknowledged")));
		assertThat(heard.stream().filter(event -> event.contains("acknowledged")).findFirst().orElseThrow())
			.contains(taskId)
			.doesNotContain(othersTask);

		this.release.countDown();

		await().atMost(Duration.ofSeconds(10)).until(() -> heard.stream()
			.anyMatch(event -> event.contains("notifications/tasks") && event.contains(taskId)
					&& event.contains("\"status\":\"completed\"")));
		assertThat(heard).noneMatch(event -> event.contains(othersTask) && event.contains("notifications/tasks"));
	}

	@Test
	void keepsATaskUntilItsTtlRanOutAndNoLonger() {
		MutableClock clock = MutableClock.atRealTime();
		TaskServer server = start(tasks -> tasks.inlineWindow(Duration.ZERO).ttl(Duration.ofMinutes(1)).clock(clock));
		String taskId = this.client.call(server.url(), "quick", Map.of()).taskId();
		assertThat(awaitTerminal(server.url(), taskId).get("ttlMs")).isEqualTo(60_000);

		clock.advance(Duration.ofSeconds(59));
		TaskClient.Reply beforeTtl = this.client.get(server.url(), taskId);
		clock.advance(Duration.ofSeconds(2));
		TaskClient.Reply afterTtl = this.client.get(server.url(), taskId);

		assertThat(beforeTtl.get("status")).isEqualTo("completed");
		assertThat(afterTtl.code()).isEqualTo(-32602);
		assertThat(this.store.deleteExpired(clock.instant(), 10)).isEqualTo(1);
	}

	@Test
	void refusesACallWhenEverySlotAndTheQueueAreTakenWithRetryAfter() {
		TaskServer server = start(tasks -> tasks.inlineWindow(Duration.ZERO).concurrency(1).queueSize(1));
		String running = this.client.call(server.url(), "hold", Map.of()).taskId();
		String queued = this.client.call(server.url(), "hold", Map.of()).taskId();

		TaskClient.Reply refused = this.client.call(server.url(), "hold", Map.of());

		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.http().headers().firstValue("Retry-After")).isPresent();
		assertThat(refused.code()).isEqualTo(-32002);
		assertThat(server.tasks().count("refused")).isEqualTo(1);
		this.release.countDown();
		assertThat(awaitTerminal(server.url(), running).get("status")).isEqualTo("completed");
		assertThat(awaitTerminal(server.url(), queued).get("status")).isEqualTo("completed");
	}

	@Test
	void aStoreThatIsDownGets503AndASettlementWaitsForItToReturn() {
		TaskServer server = start(tasks -> tasks.inlineWindow(Duration.ZERO).checkInterval(Duration.ofMillis(50)));
		String taskId = this.client.call(server.url(), "hold", Map.of()).taskId();
		this.store.down.set(true);

		TaskClient.Reply get = this.client.get(server.url(), taskId);
		TaskClient.Reply call = this.client.call(server.url(), "hold", Map.of());
		this.release.countDown();

		assertThat(get.status()).isEqualTo(503);
		assertThat(get.http().headers().firstValue("Retry-After")).isPresent();
		assertThat(get.code()).isEqualTo(-32002);
		assertThat(call.status()).isEqualTo(503);
		await().atMost(Duration.ofSeconds(10)).until(() -> server.tasks().activeTasks() == 1);
		this.store.down.set(false);
		assertThat(awaitTerminal(server.url(), taskId).get("status")).isEqualTo("completed");
	}

	@Test
	void drainLetsRunningTasksFinishAndTakesNoNewOnes() {
		TaskServer server = start(tasks -> tasks.inlineWindow(Duration.ZERO));
		String taskId = this.client.call(server.url(), "hold", Map.of()).taskId();

		CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> server.tasks().drain(Duration.ofSeconds(30)));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.client.call(server.url(), "hold", Map.of()).status() == 503);
		this.release.countDown();
		drained.join();

		assertThat(this.client.get(server.url(), taskId).get("status")).isEqualTo("completed");
	}

	@Test
	void drainFailsTheTasksStillRunningAfterItsTimeout() {
		TaskServer server = start(tasks -> tasks.inlineWindow(Duration.ZERO));
		String taskId = this.client.call(server.url(), "hold", Map.of()).taskId();

		server.tasks().drain(Duration.ofMillis(200));

		TaskRecord task = this.store.find(taskId).orElseThrow();
		assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
		assertThat(task.error()).contains("stopped before the task finished");
	}

	@Test
	void aToolWrittenOnceForBothErasSeesItsTaskThroughItsCallContext() {
		CountDownLatch sawCancel = new CountDownLatch(1);
		io.modelcontextprotocol.spec.McpSchema.Tool report = io.modelcontextprotocol.spec.McpSchema.Tool.builder()
			.name("report")
			.inputSchema(io.modelcontextprotocol.json.McpJsonDefaults.getMapper(), "{\"type\":\"object\"}")
			.build();
		TaskServer server = TaskServer.startWith(this.store,
				tasks -> tasks.inlineWindow(Duration.ZERO).checkInterval(Duration.ofMillis(50)),
				tasks -> io.github.mcpsessions.eras.DualEraFeatures.builder()
					.tasks(tasks)
					.tool(report, TaskSupport.OPTIONAL, (context, arguments) -> {
						RunningTask task = context.task().orElseThrow();
						task.statusMessage("working on " + task.taskId().orElse("?").length() + "-character task");
						try {
							hold();
						}
						catch (McpException interrupted) {
							if (task.isCancelled()) {
								sawCancel.countDown();
							}
						}
						return io.modelcontextprotocol.spec.McpSchema.CallToolResult.builder().addTextContent("done").build();
					})
					.build()
					.modern());
		String taskId = this.client.call(server.url(), "report", Map.of()).taskId();

		await().atMost(Duration.ofSeconds(10))
			.until(() -> ("working on " + taskId.length() + "-character task")
				.equals(this.client.get(server.url(), taskId).get("statusMessage")));
		this.client.cancel(server.url(), taskId);

		await().atMost(Duration.ofSeconds(10)).until(() -> sawCancel.getCount() == 0);
		assertThat(this.client.get(server.url(), taskId).get("status")).isEqualTo("cancelled");
	}

	@Test
	void aJobEngineRunsTheTaskOnTheReplicaItPicks() {
		TestEngine engine = new TestEngine();
		TaskServer a = start(tasks -> tasks.execution(engine.forReplica()));
		TaskServer b = start(tasks -> tasks.execution(engine.forReplica()).replicaId("replica-b"));
		engine.deliverTo(1);

		TaskClient.Reply created = this.client.call(a.url(), "quick", Map.of());
		TaskClient.Reply done = awaitTerminal(a.url(), created.taskId());

		assertThat(created.get("resultType")).isEqualTo("task");
		assertThat(done.get("status")).isEqualTo("completed");
		assertThat(text(done.get("result"))).isEqualTo("quick");
		assertThat(engine.submitted).containsExactly(Map.entry(created.taskId(), false));
		assertThat(b.tasks().count("completed")).isEqualTo(1);
		assertThat(a.tasks().count("completed")).isZero();
	}

	@Test
	void aRerunnableTaskWhoseWorkerDiedIsRunAgainAndAnotherFails() {
		TestEngine engine = new TestEngine();
		TaskServer a = start(tasks -> tasks.execution(engine.forReplica()).rerunnable(List.of("quick")));
		Instant now = Instant.now();
		TaskRecord rerun = orphan("rerunnable-task-of-a-dead-worker", "quick", now);
		TaskRecord lost = orphan("other-task-of-a-dead-worker", "hold", now);
		this.store.create(rerun);
		this.store.create(lost);

		assertThat(this.client.get(a.url(), rerun.id()).get("status")).as("waits for the engine to deliver it again")
			.isEqualTo("working");
		engine.deliver(rerun.id());
		engine.deliver(lost.id());

		assertThat(awaitTerminal(a.url(), rerun.id()).get("status")).isEqualTo("completed");
		TaskClient.Reply failed = awaitTerminal(a.url(), lost.id());
		assertThat(failed.get("status")).isEqualTo("failed");
		assertThat(String.valueOf(failed.map("error").get("message"))).contains("not declared rerunnable");
	}

	private static TaskRecord orphan(String id, String tool, Instant now) {
		return TaskRecord.created(id, null, tool,
				"{\"name\":\"" + tool + "\",\"arguments\":{},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
						+ "\"io.modelcontextprotocol/clientCapabilities\":{\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}},"
						+ "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}",
				now.minusSeconds(30), Duration.ofHours(1), Duration.ofSeconds(1), "dead-worker", now.minusSeconds(1));
	}

	/** A job engine in memory: it delivers each submitted task, on a thread of its own, to the worker chosen. */
	static final class TestEngine {

		final List<Map.Entry<String, Boolean>> submitted = new java.util.concurrent.CopyOnWriteArrayList<>();

		private final List<TaskExecution.Worker> workers = new java.util.concurrent.CopyOnWriteArrayList<>();

		private volatile int target;

		TaskExecution forReplica() {
			return new TaskExecution() {

				@Override
				public void start(Worker worker) {
					TestEngine.this.workers.add(worker);
				}

				@Override
				public void submit(String taskId, boolean rerunnable) {
					TestEngine.this.submitted.add(Map.entry(taskId, rerunnable));
					deliver(taskId);
				}

			};
		}

		void deliverTo(int replica) {
			this.target = replica;
		}

		void deliver(String taskId) {
			Thread worker = new Thread(() -> this.workers.get(this.target).run(taskId), "test-engine");
			worker.setDaemon(true);
			worker.start();
		}

	}

	@Test
	void metersActiveTasksAndOutcomes() {
		TaskServer server = start(tasks -> tasks.inlineWindow(Duration.ZERO));
		var registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
		new io.github.mcpsessions.metrics.SessionMetrics(registry).monitor(server.tasks());
		String taskId = this.client.call(server.url(), "hold", Map.of()).taskId();

		assertThat(registry.get("mcp.sessions.tasks.active").gauge().value()).isEqualTo(1);
		this.client.cancel(server.url(), taskId);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> registry.get("mcp.sessions.tasks").tag("outcome", "cancelled").functionCounter().count() == 1);
		assertThat(registry.get("mcp.sessions.tasks").tag("outcome", "created").functionCounter().count()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("mcp.sessions.tasks.active").gauge().value() == 0);
	}

	@Test
	void refusesSettingsThatCannotWork() {
		DurableTasks.Builder builder = DurableTasks.builder(this.store);

		org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> builder.concurrency(0))
			.withMessageContaining("concurrency");
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.ttl(Duration.ZERO))
			.withMessageContaining("ttl");
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.inlineWindow(Duration.ofMillis(-1)))
			.withMessageContaining("inlineWindow");
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.lease(Duration.ofSeconds(1)).checkInterval(Duration.ofMillis(500)).build())
			.withMessageContaining("half the lease");
	}

	private TaskServer start(Consumer<DurableTasks.Builder> settings) {
		return startOn(settings, null);
	}

	private TaskServer startOn(Consumer<DurableTasks.Builder> settings, BusChangeFeed feed) {
		Map<String, McpSyncTool> tools = new LinkedHashMap<>();
		Map<String, TaskSupport> support = new LinkedHashMap<>();
		tool(tools, support, "plain", null, request -> text("plain"));
		tool(tools, support, "quick", TaskSupport.OPTIONAL, request -> text("quick"));
		tool(tools, support, "required", TaskSupport.REQUIRED, request -> text("required"));
		tool(tools, support, "hold", TaskSupport.OPTIONAL, request -> {
			hold();
			return text("released");
		});
		tool(tools, support, "ask", TaskSupport.OPTIONAL, request -> {
			Map<String, Object> answers = request.inputResponses();
			if (answers != null && answers.containsKey("a") && answers.containsKey("b")) {
				return text("a=" + content(answers.get("a")) + " b=" + content(answers.get("b")) + " state="
						+ request.requestState());
			}
			return InputRequiredResult.builder()
				.elicit("a", ask("First?"))
				.elicit("b", ask("Second?"))
				.requestState("round-1")
				.build();
		});
		tool(tools, support, "boom", TaskSupport.OPTIONAL, request -> {
			throw new McpException(-32050, "boom");
		});
		tool(tools, support, "crash", TaskSupport.OPTIONAL, request -> {
			throw new IllegalStateException("secret detail");
		});
		tool(tools, support, "big", TaskSupport.OPTIONAL, request -> text("x".repeat(2_000)));
		support.put("progress", TaskSupport.OPTIONAL);
		tools.put("progress", McpSyncTool.of(definition("progress"), (context, request) -> McpSyncResponse.streaming(notifier -> {
			notifier.progress(1, 2.0, "half way");
			hold();
			return text("done");
		})));
		TaskServer server = feed == null ? TaskServer.start(this.store, tools, support, settings)
				: TaskServer.start(this.store, tools, support, settings, feed, feed);
		this.open.add(0, server);
		return server;
	}

	private interface Body {

		McpSchema.CallToolOutcome call(CallToolRequest request);

	}

	private static void tool(Map<String, McpSyncTool> tools, Map<String, TaskSupport> support, String name,
			TaskSupport taskSupport, Body body) {
		if (taskSupport != null) {
			support.put(name, taskSupport);
		}
		tools.put(name, McpSyncTool.of(definition(name), (context, request) -> McpSyncResponse.result(body.call(request))));
	}

	private void hold() {
		try {
			if (!this.release.await(30, TimeUnit.SECONDS)) {
				throw new McpException(-32603, "never released");
			}
		}
		catch (InterruptedException ex) {
			this.interrupted.countDown();
			Thread.currentThread().interrupt();
			throw new McpException(-32603, "interrupted");
		}
	}

	private TaskClient.Reply awaitTerminal(String url, String taskId) {
		return await().atMost(Duration.ofSeconds(15))
			.until(() -> this.client.get(url, taskId),
					reply -> List.of("completed", "failed", "cancelled").contains(String.valueOf(reply.get("status"))));
	}

	private static McpSchema.Tool definition(String name) {
		return McpSchema.Tool.builder(name, Map.of("type", "object")).description(name).build();
	}

	private static McpSchema.CallToolResult text(String text) {
		return McpSchema.CallToolResult.builder().addContent(new McpSchema.TextContent(null, text, null)).isError(false).build();
	}

	private static String text(Object result) {
		return String.valueOf(((Map<?, ?>) ((List<?>) ((Map<?, ?>) result).get("content")).get(0)).get("text"));
	}

	private static ElicitFormRequest ask(String message) {
		return ElicitFormRequest.builder(message, Map.of("type", "object", "properties", Map.of("v", Map.of("type", "string"))))
			.build();
	}

	private static Map<String, Object> accept(String value) {
		return Map.of("action", "accept", "content", Map.of("v", value));
	}

	private static Object content(Object response) {
		return ((Map<?, ?>) ((Map<?, ?>) response).get("content")).get("v");
	}

	/** A task store that can be taken down: every call fails as an unreachable store's would. */
	static final class FlakyTaskStore implements TaskStore {

		final AtomicBoolean down = new AtomicBoolean();

		private final TaskStore delegate;

		FlakyTaskStore(TaskStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public boolean create(TaskRecord task) {
			up();
			return this.delegate.create(task);
		}

		@Override
		public Optional<TaskRecord> find(String taskId) {
			up();
			return this.delegate.find(taskId);
		}

		@Override
		public boolean replace(TaskRecord current, TaskRecord next) {
			up();
			return this.delegate.replace(current, next);
		}

		@Override
		public int deleteExpired(Instant now, int limit) {
			up();
			return this.delegate.deleteExpired(now, limit);
		}

		private void up() {
			if (this.down.get()) {
				throw new SessionStoreException("The task store is down (test)");
			}
		}

	}

}
