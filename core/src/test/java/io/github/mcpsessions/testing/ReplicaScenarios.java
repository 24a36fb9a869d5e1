package io.github.mcpsessions.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * What two replicas sharing a store and a message bus must do for the parts of MCP that live in one
 * process, checked with the SDK's client and a load balancer the test steers. Each store module
 * runs these over its own store and bus.
 */
public final class ReplicaScenarios {

	private static final McpSchema.CreateMessageResult REPLY = McpSchema.CreateMessageResult.builder()
		.role(McpSchema.Role.ASSISTANT)
		.content(new McpSchema.TextContent("pong"))
		.model("test-model")
		.build();

	private ReplicaScenarios() {
	}

	/** The tool runs on B and asks the client for sampling there; the client's answer is posted to A. */
	public static void samplingAnswerCrossesReplicas(TestMcpServer a, TestMcpServer b) {
		McpSyncClient client = TestClients.routed(a.url(),
				(method, body) -> body.contains("\"tools/call\"") ? b.url() : a.url(), request -> REPLY, updates -> {
				});
		try {
			client.initialize();

			assertThat(TestClients.call(client, "sample", Map.of())).isEqualTo("client said: pong");
			assertThat(a.restores() + b.restores()).isEqualTo(1);
		}
		finally {
			client.closeGracefully();
		}
	}

	/** A DELETE handled by A: B, which holds the session too, answers 404 within a second. */
	public static Duration deleteEndsTheSessionEverywhere(TestMcpServer a, TestMcpServer b) {
		String sessionId = RawMcpHttp.initialize(a.url());
		assertThat(RawMcpHttp.post(b.url(), sessionId, RawMcpHttp.toolCall(2, "whoami")).statusCode()).isEqualTo(200);
		assertThat(b.provider().holds(sessionId)).isTrue();

		long start = System.nanoTime();
		assertThat(RawMcpHttp.delete(a.url(), sessionId, Map.of()).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> !b.provider().holds(sessionId));
		Duration delay = Duration.ofNanos(System.nanoTime() - start);

		assertThat(RawMcpHttp.post(b.url(), sessionId, RawMcpHttp.toolCall(3, "whoami")).statusCode()).isEqualTo(404);
		return delay;
	}

	/**
	 * The client's listening stream and subscription are on A; the update is raised on B, which never
	 * served the session.
	 */
	public static void resourceUpdateCrossesReplicas(TestMcpServer a, TestMcpServer b) {
		List<String> updated = new CopyOnWriteArrayList<>();
		McpSyncClient client = TestClients.routed(a.url(), (method, body) -> a.url(), request -> REPLY,
				contents -> contents.forEach(content -> updated.add(content.uri())));
		try {
			client.initialize();
			client.subscribeResource(new McpSchema.SubscribeRequest(TestMcpServer.WATCHED_URI));

			await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
				b.server().notifyResourcesUpdated(new McpSchema.ResourcesUpdatedNotification(TestMcpServer.WATCHED_URI));
				assertThat(updated).contains(TestMcpServer.WATCHED_URI);
			});
			assertThat(b.restores()).isZero();
		}
		finally {
			client.closeGracefully();
		}
	}

	/**
	 * B runs the tool and waits for the client's sampling answer; B stops before it comes. The client's
	 * call fails well before its own 20 s timeout.
	 */
	public static void stoppedReplicaFailsPendingRequest(TestMcpServer a, TestMcpServer b) {
		CountDownLatch asked = new CountDownLatch(1);
		CountDownLatch never = new CountDownLatch(1);
		McpSyncClient client = TestClients.routed(a.url(),
				(method, body) -> body.contains("\"tools/call\"") ? b.url() : a.url(), request -> {
					asked.countDown();
					try {
						never.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return REPLY;
				}, updates -> {
				});
		try {
			client.initialize();
			Thread stopper = new Thread(() -> {
				try {
					asked.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				b.close();
			});
			stopper.start();
			long start = System.nanoTime();

			assertThatThrownBy(() -> TestClients.call(client, "sample", Map.of())).isInstanceOf(RuntimeException.class);

			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		}
		finally {
			never.countDown();
			client.closeGracefully();
		}
	}

}
