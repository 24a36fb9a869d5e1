package io.github.mcpsessions.eras;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.modern.McpSchema.InputRequiredResult;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.ServerChange;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;

import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.servlet.PersistentStreamableServletTransportProvider;
import io.github.mcpsessions.state.StateHandles;
import io.github.mcpsessions.testing.TestMcpServer;

/**
 * One endpoint serving both eras on Tomcat: the persistent session-era provider and an SDK 2.2
 * 2026-07-28 server with the store-keyed request state and the bus change feed; tools written once.
 */
final class DualEraServer implements AutoCloseable {

	static final String OWNER_HEADER = TestMcpServer.OWNER_HEADER;

	private static final McpJsonMapper JSON = McpJsonDefaults.getMapper();

	private final String name;

	private final Tomcat tomcat;

	private final McpSyncServer sessionServer;

	private final io.modelcontextprotocol.modern.server.McpServer modernServer;

	private final BusChangeFeed feed;

	private final DualEraServlet endpoint;

	private DualEraServer(String name, SessionRepository repository, SessionMessageBus bus, StateHandles handles,
			int port) {
		this.name = name;
		var provider = PersistentStreamableServletTransportProvider
			.builder(HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build(), repository)
			.ownerResolver(request -> request.getHeader(OWNER_HEADER))
			.messageBus(bus)
			.build();
		DualEraFeatures tools = DualEraFeatures.builder()
			.stateHandles(handles)
			.tool(tool("whoami"), (context, args) -> text(whoami(context)))
			.tool(tool("note_open"), (context, args) -> text(context.mint("note", Map.of("text", String.valueOf(args.get("text")))).id()))
			.tool(tool("note_read"), (context, args) -> context.resolve("note", args.get("note_id"))
				.map(note -> text(note.get("text").orElse("")))
				.orElseGet(() -> StateHandles.unknown("note", "call note_open")))
			.tool(tool("visits"), (context, args) -> context.userState().map(state -> {
				int visits = Integer.parseInt(state.get("visits").orElse("0")) + 1;
				state.put("visits", Integer.toString(visits));
				return text(Integer.toString(visits));
			}).orElseGet(() -> text("anonymous")))
			.modernOnly(confirmTool())
			.resource(McpSchema.Resource.builder().uri(TestMcpServer.WATCHED_URI).name("watched").mimeType("text/plain").build(),
					(context, uri) -> new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri,
							"text/plain", "watched, read in the " + context.era() + " era"))))
			.prompt(new McpSchema.Prompt("greet", "Greets someone", List.of(new McpSchema.PromptArgument("name", "Who", true))),
					(context, args) -> new McpSchema.GetPromptResult("greeting", List.of(new McpSchema.PromptMessage(
							McpSchema.Role.USER, new McpSchema.TextContent("Hello " + args.get("name") + " from " + this.name)))))
			.build();
		this.sessionServer = McpServer.sync(provider)
			.serverInfo("dual-era-test", "1.0.0")
			.capabilities(McpSchema.ServerCapabilities.builder().tools(true).resources(true, false).prompts(false).build())
			.tools(tools.sessionEraTools())
			.resources(tools.sessionEraResources())
			.prompts(tools.sessionEraPrompts())
			.build();
		this.feed = BusChangeFeed.builder(bus, repository).build();
		this.modernServer = io.modelcontextprotocol.modern.server.McpServer.builder()
			.serverInfo(io.modelcontextprotocol.modern.McpSchema.Implementation.builder("dual-era-test", "1.0.0").build())
			.features(tools.modern())
			.requestStateCodec(SharedKeyRequestStateCodec.builder(repository).build())
			.subscriptions(this.feed)
			.build();
		this.endpoint = DualEraServlet.builder(provider, this.modernServer)
			.ownerResolver(request -> request.getHeader(OWNER_HEADER))
			.build();
		this.tomcat = new Tomcat();
		try {
			this.tomcat.setBaseDir(Files.createTempDirectory("dual-era-tomcat").toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.tomcat.setPort(port);
		this.tomcat.getConnector();
		Context context = this.tomcat.addContext("", null);
		Tomcat.addServlet(context, "mcp", this.endpoint).setAsyncSupported(true);
		context.addServletMappingDecoded("/mcp", "mcp");
		try {
			this.tomcat.start();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException("Tomcat did not start", ex);
		}
	}

	static DualEraServer start(String name, SessionRepository repository, SessionMessageBus bus, StateHandles handles,
			int port) {
		return new DualEraServer(name, repository, bus, handles, port);
	}

	String url() {
		return "http://127.0.0.1:" + this.tomcat.getConnector().getLocalPort() + "/mcp";
	}

	int port() {
		return this.tomcat.getConnector().getLocalPort();
	}

	DualEraServlet endpoint() {
		return this.endpoint;
	}

	void broadcast(ServerChange change) {
		this.feed.broadcast(change);
	}

	private String whoami(CallContext context) {
		Map<String, Object> who = new LinkedHashMap<>();
		who.put("server", this.name);
		who.put("era", context.era().name());
		who.put("owner", context.owner().orElse(""));
		who.put("session", context.sessionId().isPresent());
		who.put("attributes", context.sessionAttributes().isPresent());
		who.put("client", context.clientName().orElse(""));
		try {
			return JSON.writeValueAsString(who);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A 2026-07-28 tool of two rounds: asks for a confirmation, then answers with what round one sealed. */
	private McpSyncTool confirmTool() {
		var definition = io.modelcontextprotocol.modern.McpSchema.Tool
			.builder("confirm", Map.of("type", "object", "properties", Map.of("order", Map.of("type", "string"))))
			.description("Asks the user to confirm an order")
			.build();
		McpSyncTool confirm = McpSyncTool.of(definition, (context, request) -> {
			if (request.requestState() == null) {
				return McpSyncResponse.result(InputRequiredResult.builder()
					.elicit("confirm", ElicitFormRequest
						.builder("Confirm order " + request.arguments().get("order") + "?",
								Map.of("type", "object", "properties", Map.of("ok", Map.of("type", "boolean"))))
						.build())
					.requestState("order=" + request.arguments().get("order") + ";sealed-by=" + this.name)
					.build());
			}
			return McpSyncResponse.result(io.modelcontextprotocol.modern.McpSchema.CallToolResult.builder()
				.addContent(io.modelcontextprotocol.modern.McpSchema.TextContent
					.builder(request.requestState() + ";answered-by=" + this.name + ";input=" + request.inputResponses())
					.build())
				.build());
		});
		return confirm;

	}

	private static McpSchema.Tool tool(String name) {
		return McpSchema.Tool.builder()
			.name(name)
			.inputSchema(JSON, "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"},\"note_id\":{\"type\":\"string\"}}}")
			.build();
	}

	private static McpSchema.CallToolResult text(String text) {
		return McpSchema.CallToolResult.builder().addTextContent(text).build();
	}

	@Override
	public void close() {
		this.sessionServer.closeGracefully();
		this.modernServer.closeGracefully();
		this.feed.close();
		try {
			this.tomcat.stop();
			this.tomcat.destroy();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException("Tomcat did not stop", ex);
		}
	}

}
