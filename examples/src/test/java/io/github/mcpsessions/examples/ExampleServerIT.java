package io.github.mcpsessions.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.SseClient;
import io.github.mcpsessions.testing.StoreScenarios;
import io.github.mcpsessions.testing.TestClients;
import io.modelcontextprotocol.client.McpSyncClient;

/**
 * The example jar as a user runs it: started as a process, driven by the SDK's Java client, killed
 * with kill -9 and started again; the same session recalls its value. For H2, PostgreSQL and Redis.
 */
class ExampleServerIT {

	@TempDir
	Path folder;

	@Test
	void h2SessionSurvivesKillMinusNine() throws Exception {
		String sessionId = survivesKill(List.of("--store", "h2", "--data-dir", this.folder.resolve("data").toString()));

		assertThat(this.folder.resolve("data/mcp-sessions.mv.db")).exists();
		assertThat(sessionId).hasSizeGreaterThanOrEqualTo(22);
	}

	@Test
	void postgresSessionSurvivesKillMinusNine() throws Exception {
		TestServices.inPostgresSchema("mcp_test_example_",
				url -> survivesKill(List.of("--store", "postgres", "--jdbc-url", url)));
	}

	@Test
	void redisSessionSurvivesKillMinusNine() throws Exception {
		TestServices.redis(commands -> commands.ping());
		String sessionId = survivesKill(List.of("--store", "redis", "--redis-url", TestServices.REDIS_URL));
		TestServices.redis(commands -> commands.del("mcp:session:" + sessionId));
	}

	@Test
	void healthAndMetricsShowTheRestore() throws Exception {
		List<String> options = List.of("--store", "h2", "--data-dir", this.folder.resolve("data").toString());
		int port = StoreScenarios.closedPort();
		String sessionId;
		McpSyncClient client;
		try (ExampleProcess first = ExampleProcess.start(port, this.folder, options)) {
			client = TestClients.client(first.mcpUrl());
			client.initialize();
			sessionId = sessionId(client);
		}
		try (ExampleProcess second = ExampleProcess.start(port, this.folder, options)) {
			TestClients.call(client, "remember", Map.of("key", "k", "value", "v"));

			await().atMost(Duration.ofSeconds(10)).until(() -> second.get("/health").body().contains("\"stored\":1"));
			String health = second.get("/health").body();
			String metrics = second.get("/metrics").body();

			assertThat(health).contains("\"status\":\"UP\"")
				.contains("\"type\":\"h2\"")
				.contains("\"answers\":true")
				.contains("\"heldInThisProcess\":1");
			assertThat(metrics).contains("mcp_sessions_stored 1.0");
			assertThat(metrics).contains("mcp_sessions_events_total{event=\"restored\"} 1.0")
				.contains("mcp_sessions_events_total{event=\"created\"} 0.0")
				.contains("mcp_sessions_rejected_total{reason=\"unknown\"}")
				.contains("mcp_sessions_rejected_total{reason=\"store-unavailable\"}")
				.contains("mcp_sessions_store_calls_seconds_count{operation=\"find\",outcome=\"success\"}")
				.contains("mcp_sessions_cache_gets_total{result=\"miss\"}")
				.contains("mcp_sessions_held 1.0");
			assertThat(sessionId).isNotBlank();
		}
		finally {
			client.close();
		}
	}

	/**
	 * A long call on a server killed with kill -9: its client resumes the stream on the restarted
	 * server and gets a JSON-RPC error for its request (no process will answer it), not silence.
	 */
	@Test
	void aCallKilledWithItsServerEndsWithAnErrorWhenItsStreamIsResumed() throws Exception {
		int port = StoreScenarios.closedPort();
		List<String> options = List.of("--store", "h2", "--data-dir", this.folder.resolve("data").toString(),
				"--resumable-streams", "on");
		String call = "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"tools/call\",\"params\":{\"name\":\"slow_report\","
				+ "\"arguments\":{\"seconds\":60},\"_meta\":{\"progressToken\":\"report\"}}}";
		String session;
		SseClient.Event progress;
		try (ExampleProcess first = ExampleProcess.start(port, this.folder, options)) {
			session = RawMcpHttp.initialize(first.mcpUrl());
			Iterator<SseClient.Event> events = SseClient.events(SseClient.post(first.mcpUrl(), session, call));
			assertThat(events.next().data()).as("the priming event").isEmpty();
			progress = events.next();
			assertThat(progress.data()).contains("1 of 60 s");
		}
		try (ExampleProcess second = ExampleProcess.start(port, this.folder, options)) {
			List<SseClient.Event> resumed = SseClient.readAll(SseClient.get(second.mcpUrl(), session, progress.id()));

			assertThat(resumed).last()
				.satisfies(event -> assertThat(event.data()).contains("\"id\":41").contains("\"code\":-32603"));
		}
	}

	@Test
	void badOptionsFailWithOneLineNamingTheOption() throws Exception {
		ExampleProcess.Result port = ExampleProcess.run(List.of("--port", "eighty"));
		ExampleProcess.Result store = ExampleProcess.run(List.of("--store", "mongo"));
		ExampleProcess.Result ttl = ExampleProcess.run(List.of("--session-ttl", "1 day"));
		ExampleProcess.Result unknown = ExampleProcess.run(List.of("--colour", "teal"));

		assertThat(port.exitCode()).isEqualTo(2);
		assertThat(port.output().strip()).isEqualTo("mcp-sessions-example: Bad value 'eighty' for --port: not a number");
		assertThat(store.output().strip()).contains("--store").contains("h2, postgres, redis or memory").doesNotContain("\n");
		assertThat(ttl.output().strip()).contains("--session-ttl").contains("ISO-8601").doesNotContain("\n");
		assertThat(unknown.output().strip()).contains("Unknown option '--colour'").doesNotContain("\n");
	}

	@Test
	void helpListsEveryOption() throws Exception {
		ExampleProcess.Result help = ExampleProcess.run(List.of("--help"));

		assertThat(help.exitCode()).isZero();
		assertThat(help.output()).contains("--port", "--store", "--data-dir", "--jdbc-url", "--redis-url", "--session-ttl",
				"MCP_SESSIONS_STORE", "h2, postgres, redis or memory");
	}

	/**
	 * Both eras on the one endpoint: a session-era client initializes and remembers, a 2026-07-28
	 * client opens a cart and adds to it; kill -9, start again on the same port; the session recalls
	 * its value and the cart still holds its item.
	 */
	private String survivesKill(List<String> options) throws Exception {
		int port = StoreScenarios.closedPort();
		McpSyncClient client;
		String sessionId;
		String cartId;
		try (ExampleProcess first = ExampleProcess.start(port, this.folder, options)) {
			client = TestClients.client(first.mcpUrl());
			client.initialize();
			sessionId = sessionId(client);
			assertThat(TestClients.call(client, "remember", Map.of("key", "colour", "value", "teal"))).isEqualTo("ok");
			var modern = modernClient(first.mcpUrl());
			cartId = text(modern.tool("cart_open").call()).replaceAll(".*\"cart_id\":\"([^\"]+)\".*", "$1");
			assertThat(text(modern.tool("cart_add").arguments(Map.of("cart_id", cartId, "item", "book")).call()))
				.isEqualTo("added book");
		}
		try (ExampleProcess second = ExampleProcess.start(port, this.folder, options)) {
			assertThat(TestClients.call(client, "recall", Map.of("key", "colour"))).isEqualTo("teal");
			assertThat(TestClients.call(client, "session_info", Map.of())).contains("\"sessionId\":\"" + sessionId + "\"")
				.contains("\"era\":\"session\"")
				.contains("\"name\":\"mcp-sessions-test-client\"")
				.contains("\"restoredByThisProcess\":1");
			var modern = modernClient(second.mcpUrl());
			assertThat(text(modern.tool("cart_show").arguments(Map.of("cart_id", cartId)).call()))
				.isEqualTo("{\"items\":{\"book\":1}}");
			assertThat(text(modern.tool("session_info").call())).contains("\"era\":\"2026-07-28\"")
				.contains("\"protocolVersion\":\"2026-07-28\"")
				.doesNotContain("sessionId");
		}
		finally {
			client.close();
		}
		return sessionId;
	}

	/** The SDK 2.2 client of MCP 2026-07-28: no initialize, no session. */
	private static io.modelcontextprotocol.modern.client.McpSyncClient modernClient(String url) {
		return io.modelcontextprotocol.modern.client.McpClient
			.sync(io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport.builder(url).build())
			.build();
	}

	private static String text(io.modelcontextprotocol.modern.McpSchema.CallToolResult result) {
		return ((io.modelcontextprotocol.modern.McpSchema.TextContent) result.content().get(0)).text();
	}

	private static String sessionId(McpSyncClient client) {
		String info = TestClients.call(client, "session_info", Map.of());
		return info.replaceAll(".*\"sessionId\":\"([^\"]+)\".*", "$1");
	}

}
