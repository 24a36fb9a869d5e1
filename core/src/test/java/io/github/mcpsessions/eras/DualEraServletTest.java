package io.github.mcpsessions.eras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.modern.McpSchema.CallToolOutcome;
import io.modelcontextprotocol.modern.McpSchema.CallToolResult;
import io.modelcontextprotocol.modern.McpSchema.ElicitResult;
import io.modelcontextprotocol.modern.McpSchema.InputRequiredResult;
import io.modelcontextprotocol.modern.McpSchema.TextContent;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.SubscriptionEvent;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import io.modelcontextprotocol.modern.server.feature.ServerChange;

import io.github.mcpsessions.messaging.InProcessSessionMessageBus;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.state.StateHandles;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.StoreScenarios;
import io.github.mcpsessions.testing.TestClients;

/** Clients of both MCP eras against one endpoint, on one server, across a restart and across two replicas. */
@Tag("sdk-2.2")
class DualEraServletTest {

	private static final McpJsonMapper JSON = McpJsonDefaults.getMapper();

	private final SessionRepository repository = new InMemorySessionRepository();

	private final InProcessSessionMessageBus bus = new InProcessSessionMessageBus();

	private final StateHandles handles = StateHandles.builder(new InMemorySessionRepository()).build();

	private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable closeable : this.open) {
			closeable.close();
		}
	}

	@Test
	void servesBothErasOnOneEndpointWithTheSameTools() throws IOException {
		DualEraServer server = start("A", 0);
		McpSyncClient sessionClient = sessionClient(server.url());

		Map<String, Object> inSession = whoami(TestClients.call(sessionClient, "whoami", Map.of()));
		Map<String, Object> stateless = whoami(text(modernClient(server.url(), "alice").tool("whoami").call()));

		assertThat(inSession).containsEntry("era", "SESSION").containsEntry("session", true)
			.containsEntry("attributes", true).containsEntry("client", "mcp-sessions-test-client");
		assertThat(stateless).containsEntry("era", "STATELESS").containsEntry("session", false)
			.containsEntry("attributes", false).containsEntry("owner", "alice");
	}

	@Test
	void servesResourcesAndPromptsWrittenOnceInBothEras() {
		DualEraServer server = start("A", 0);
		McpSyncClient sessionClient = sessionClient(server.url());
		var modern = modernClient(server.url(), "alice");

		var sessionRead = sessionClient.readResource(new io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest("test://watched"));
		var modernRead = modern.resource("test://watched").read();
		var sessionPrompt = sessionClient
			.getPrompt(new io.modelcontextprotocol.spec.McpSchema.GetPromptRequest("greet", Map.of("name", "Ada")));
		var modernPrompt = modern.prompt("greet").arguments(Map.of("name", "Ada")).get();

		assertThat(((io.modelcontextprotocol.spec.McpSchema.TextResourceContents) sessionRead.contents().get(0)).text())
			.isEqualTo("watched, read in the SESSION era");
		assertThat(((io.modelcontextprotocol.modern.McpSchema.TextResourceContents) modernRead.contents().get(0)).text())
			.isEqualTo("watched, read in the STATELESS era");
		assertThat(((io.modelcontextprotocol.spec.McpSchema.TextContent) sessionPrompt.messages().get(0).content()).text())
			.isEqualTo("Hello Ada from A");
		assertThat(((TextContent) modernPrompt.messages().get(0).content()).text()).isEqualTo("Hello Ada from A");
	}

	@Test
	void clientsOfBothErasAlternateBetweenTwoReplicas() throws IOException {
		DualEraServer a = start("A", 0);
		DualEraServer b = start("B", 0);
		McpSyncClient sessionClient = TestClients.alternating(List.of(a.url(), b.url()));
		sessionClient.initialize();
		this.open.add(sessionClient::closeGracefully);

		List<Object> servers = new java.util.ArrayList<>();
		for (int call = 0; call < 4; call++) {
			servers.add(whoami(TestClients.call(sessionClient, "whoami", Map.of())).get("server"));
		}
		String note = text(modernClient(a.url(), "alice").tool("note_open").arguments(Map.of("text", "tea")).call());

		assertThat(servers).contains("A", "B");
		assertThat(text(modernClient(a.url(), "bob").tool("visits").call())).isEqualTo("1");
		assertThat(text(modernClient(b.url(), "bob").tool("visits").call())).isEqualTo("2");
		assertThat(text(modernClient(b.url(), "alice").tool("note_read").arguments(Map.of("note_id", note)).call()))
			.isEqualTo("tea");
	}

	@Test
	void refusesAnUnknownProtocolVersionListingTheVersionsItSpeaks() throws IOException {
		DualEraServer server = start("A", 0);

		HttpResponse<String> response = RawMcpHttp.post(server.url(), null, RawMcpHttp.toolCall(7, "whoami"),
				Map.of("MCP-Protocol-Version", "2099-01-01"));

		assertThat(response.statusCode()).isEqualTo(400);
		Map<String, Object> body = JSON.readValue(response.body(), new TypeRef<Map<String, Object>>() {
		});
		assertThat(body).containsEntry("id", 7);
		@SuppressWarnings("unchecked")
		Map<String, Object> error = (Map<String, Object>) body.get("error");
		assertThat(error).containsEntry("code", -32022);
		assertThat(error.get("data").toString()).contains("2026-07-28", "2025-11-25", "2099-01-01");
		assertThat(server.endpoint().supportedVersions()).startsWith("2026-07-28").contains("2024-11-05");
	}

	@Test
	void sessionsAndHandlesOfBothErasSurviveARestart() throws IOException {
		int port = StoreScenarios.closedPort();
		DualEraServer first = start("A", port);
		McpSyncClient sessionClient = sessionClient(first.url());
		TestClients.call(sessionClient, "whoami", Map.of());
		var modern = modernClient(first.url(), "alice");
		String note = text(modern.tool("note_open").arguments(Map.of("text", "milk")).call());

		first.close();
		this.open.remove(first);
		DualEraServer second = start("A2", port);

		assertThat(whoami(TestClients.call(sessionClient, "whoami", Map.of()))).containsEntry("era", "SESSION")
			.containsEntry("server", "A2");
		assertThat(text(modern.tool("note_read").arguments(Map.of("note_id", note)).call())).isEqualTo("milk");
		assertThat(text(modernClient(second.url(), "mallory").tool("note_read").arguments(Map.of("note_id", note)).call()))
			.startsWith("No note with that id");
	}

	@Test
	void anInputRequiredRoundSealedOnAIsAnsweredOnB() {
		DualEraServer a = start("A", 0);
		DualEraServer b = start("B", 0);

		CallToolOutcome first = modernClient(a.url(), "alice").tool("confirm")
			.arguments(Map.of("order", "42"))
			.formElicitation(request -> ElicitResult.accept(Map.of("ok", true)))
			.callOnce();
		assertThat(first).isInstanceOf(InputRequiredResult.class);
		String state = ((InputRequiredResult) first).requestState();
		assertThat(state).doesNotContain("order=42");
		CallToolOutcome second = modernClient(b.url(), "alice").tool("confirm")
			.arguments(Map.of("order", "42"))
			.formElicitation(request -> ElicitResult.accept(Map.of("ok", true)))
			.inputResponses(Map.of("confirm", ElicitResult.accept(Map.of("ok", true))))
			.requestState(state)
			.callOnce();

		assertThat(text((CallToolResult) second)).startsWith("order=42;sealed-by=A;answered-by=B;input=");
		String tampered = state.substring(0, state.length() - 2) + (state.endsWith("AA") ? "BB" : "AA");
		assertThatThrownBy(() -> modernClient(b.url(), "alice").tool("confirm")
			.arguments(Map.of("order", "42"))
			.formElicitation(request -> ElicitResult.accept(Map.of("ok", true)))
			.inputResponses(Map.of("confirm", ElicitResult.accept(Map.of("ok", true))))
			.requestState(tampered)
			.callOnce()).hasMessageContaining("Invalid or expired requestState");
		assertThatThrownBy(() -> modernClient(b.url(), "mallory").tool("confirm")
			.arguments(Map.of("order", "42"))
			.formElicitation(request -> ElicitResult.accept(Map.of("ok", true)))
			.inputResponses(Map.of("confirm", ElicitResult.accept(Map.of("ok", true))))
			.requestState(state)
			.callOnce()).hasMessageContaining("Invalid or expired requestState");
	}

	@Test
	void aResourceChangeRaisedOnBReachesAListenerOnA() {
		DualEraServer a = start("A", 0);
		DualEraServer b = start("B", 0);
		List<SubscriptionEvent> heard = new CopyOnWriteArrayList<>();
		var listening = modernClient(a.url(), "alice").listen()
			.resourceUpdates("test://watched")
			.toolsChanged()
			.open(heard::add);
		this.open.add(listening);
		await().atMost(Duration.ofSeconds(10)).until(() -> !heard.isEmpty());

		b.broadcast(new ServerChange.ResourceUpdated("test://watched"));

		await().atMost(Duration.ofSeconds(10))
			.until(() -> heard.stream()
				.anyMatch(event -> event instanceof SubscriptionEvent.ResourceUpdated updated
						&& updated.uri().equals("test://watched")));
	}

	private DualEraServer start(String name, int port) {
		DualEraServer server = DualEraServer.start(name, this.repository, this.bus, this.handles, port);
		this.open.add(server);
		return server;
	}

	private McpSyncClient sessionClient(String url) {
		McpSyncClient client = TestClients.client(url);
		client.initialize();
		this.open.add(client::closeGracefully);
		return client;
	}

	private static io.modelcontextprotocol.modern.client.McpSyncClient modernClient(String url, String owner) {
		return McpClient.sync(HttpClientMcpTransport.builder(url)
			.requestCustomizer(McpHttpRequestCustomizer
				.fromSync((request, headers, context) -> headers.set(DualEraServer.OWNER_HEADER, owner)))
			.build()).roundTimeout(Duration.ofSeconds(10)).build();
	}

	private static Map<String, Object> whoami(String json) throws IOException {
		return JSON.readValue(json, new TypeRef<Map<String, Object>>() {
		});
	}

	private static String text(CallToolResult result) {
		return ((TextContent) result.content().get(0)).text();
	}

}
