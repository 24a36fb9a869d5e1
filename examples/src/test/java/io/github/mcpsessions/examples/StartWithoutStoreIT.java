package io.github.mcpsessions.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.StoreScenarios;
import io.github.mcpsessions.testing.TcpProxy;

/**
 * A replica started while its store is down (cut by a TCP proxy, as a fail-over or a maintenance
 * window does): it starts, says DOWN with the reason on {@code /health} (503), answers MCP requests
 * of both eras 503 with {@code Retry-After} and a JSON-RPC body, never 404, and serves as soon as
 * the store is back, in the same process. On PostgreSQL and Redis; behind HAProxy the replica is
 * kept out of rotation until it is ready. With {@code --require-ready-at-start} it exits instead.
 */
class StartWithoutStoreIT {

	private static final String MODERN_CALL = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{"
			+ "\"name\":\"cart_open\",\"arguments\":{},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
			+ "\"io.modelcontextprotocol/clientCapabilities\":{},"
			+ "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}}";

	private static final Map<String, String> MODERN_HEADERS = Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method",
			"tools/call", "Mcp-Name", "cart_open");

	@TempDir
	Path folder;

	@Test
	void postgresDownAtStartServesOnceItIsBackWithoutARestart() throws Exception {
		TestServices.inPostgresSchema("mcp_test_start_down_", url -> {
			URI postgres = URI.create(url.substring("jdbc:".length()));
			try (TcpProxy proxy = new TcpProxy(postgres.getHost(), postgres.getPort())) {
				proxy.cut();
				String viaProxy = url.replace(postgres.getHost() + ":" + postgres.getPort(), "127.0.0.1:" + proxy.port());
				// With tasks on Quartz too: its tables and its scheduler start once the database answers.
				startsDownThenServes(proxy, List.of("--store", "postgres", "--jdbc-url", viaProxy, "--task-engine", "quartz"),
						"mcp_session");
			}
		});
	}

	@Test
	void redisDownAtStartServesOnceItIsBackWithoutARestart() throws Exception {
		TestServices.redis(commands -> commands.ping());
		URI redis = URI.create(TestServices.REDIS_URL);
		try (TcpProxy proxy = new TcpProxy(redis.getHost(), redis.getPort())) {
			proxy.cut();
			startsDownThenServes(proxy, List.of("--store", "redis", "--redis-url", "redis://127.0.0.1:" + proxy.port()),
					"Redis");
		}
	}

	@Test
	void behindHaproxyAReplicaWaitingForItsStoreGetsNoTrafficUntilItIsReady() throws Exception {
		TestServices.inPostgresSchema("mcp_test_start_lb_", url -> {
			URI postgres = URI.create(url.substring("jdbc:".length()));
			try (TcpProxy proxy = new TcpProxy(postgres.getHost(), postgres.getPort())) {
				proxy.cut();
				String viaProxy = url.replace(postgres.getHost() + ":" + postgres.getPort(), "127.0.0.1:" + proxy.port());
				try (ExampleProcess up = ExampleProcess.start(StoreScenarios.closedPort(), this.folder,
						List.of("--store", "postgres", "--jdbc-url", url));
						ExampleProcess waiting = ExampleProcess.startNotReady(StoreScenarios.closedPort(), this.folder,
								List.of("--store", "postgres", "--jdbc-url", viaProxy));
						LoadBalancer balancer = LoadBalancer.startWithUp(this.folder, 1, up.port(), waiting.port())) {
					List<String> sessions = new ArrayList<>();
					for (int i = 0; i < 10; i++) {
						sessions.add(RawMcpHttp.initialize(balancer.mcpUrl()));
					}
					assertThat(held(waiting)).as("sessions started on the replica that is not ready").isZero();

					proxy.restore();
					balancer.awaitReplicasUp(2);

					for (int i = 0; i < 10; i++) {
						sessions.add(RawMcpHttp.initialize(balancer.mcpUrl()));
					}
					assertThat(held(waiting)).as("sessions started on the replica once ready").isPositive();
					for (String sessionId : sessions) {
						HttpResponse<String> call = RawMcpHttp.post(balancer.mcpUrl(), sessionId,
								RawMcpHttp.toolCall(2, "remember", Map.of("key", "k", "value", "v")));
						assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
					}
				}
			}
		});
	}

	@Test
	void requireReadyAtStartExitsWhenTheStoreCannotBeReached() throws Exception {
		try (TcpProxy proxy = new TcpProxy("127.0.0.1", StoreScenarios.closedPort())) {
			proxy.cut();
			ExampleProcess.Result result = ExampleProcess.run(List.of("--port", "0", "--store", "redis", "--redis-url",
					"redis://127.0.0.1:" + proxy.port(), "--require-ready-at-start", "PT2S"));

			assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
			assertThat(result.output()).contains("could not start").contains("Not ready within 2000 ms");
		}
	}

	private void startsDownThenServes(TcpProxy proxy, List<String> options, String storeNamed) throws Exception {
		try (ExampleProcess example = ExampleProcess.startNotReady(StoreScenarios.closedPort(), this.folder, options)) {
			long pid = example.pid();
			HttpResponse<String> health = example.get("/health");
			assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
			assertThat(health.body()).contains("\"status\":\"DOWN\"").contains("\"reason\":").contains(storeNamed);

			HttpResponse<String> initialize = RawMcpHttp.post(example.mcpUrl(), null, RawMcpHttp.INITIALIZE);
			assertDownAnswer(initialize, 1);
			HttpResponse<String> known = RawMcpHttp.post(example.mcpUrl(), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
					RawMcpHttp.toolCall(2, "recall", Map.of("key", "k")));
			assertDownAnswer(known, 2);
			assertDownAnswer(RawMcpHttp.post(example.mcpUrl(), null, MODERN_CALL, MODERN_HEADERS), 5);

			proxy.restore();
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
				.until(() -> example.get("/health").statusCode() == 200);

			assertThat(example.isAlive()).isTrue();
			assertThat(example.pid()).isEqualTo(pid);
			assertThat(example.get("/health").body()).contains("\"status\":\"UP\"");
			String sessionId = RawMcpHttp.initialize(example.mcpUrl());
			HttpResponse<String> remembered = RawMcpHttp.post(example.mcpUrl(), sessionId,
					RawMcpHttp.toolCall(2, "remember", Map.of("key", "colour", "value", "teal")));
			assertThat(remembered.statusCode()).as(remembered.body()).isEqualTo(200);
			assertThat(remembered.body()).contains("ok");
			HttpResponse<String> modern = RawMcpHttp.post(example.mcpUrl(), null, MODERN_CALL, MODERN_HEADERS);
			assertThat(modern.statusCode()).as(modern.body()).isEqualTo(200);
			assertThat(modern.body()).contains("cart_id");
		}
	}

	private static void assertDownAnswer(HttpResponse<String> response, int id) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertThat(response.body()).contains("\"jsonrpc\":\"2.0\"")
			.contains("\"id\":" + id)
			.contains("-32002")
			.doesNotContain("-32001");
	}

	private static int held(ExampleProcess example) throws Exception {
		String body = example.get("/health").body();
		return Integer.parseInt(body.replaceAll(".*\"heldInThisProcess\":(\\d+).*", "$1"));
	}

}
