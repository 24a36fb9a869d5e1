package io.github.mcpsessions.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityValidator;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.TextContent;

/**
 * The fixtures of the official MCP conformance suite's server scenarios ({@code @modelcontextprotocol/conformance}
 * 0.2.0-alpha.12, session-era scenarios), written from the suite's scenario definitions: the tools {@code test_*}, the {@code test://}
 * resources and template, the {@code test_*} prompts and a completion. {@link ConformanceServer} serves
 * them on the example's hosting; the Spring conformance server (module conformance-spring) serves the
 * same ones as Spring beans.
 */
public final class ConformanceFixtures {

	/** A 1x1 PNG. */
	static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

	/** A WAV file of one silent sample. */
	static final String WAV = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQAAAAA=";

	private static final String NO_ARGUMENTS = "{\"type\":\"object\",\"properties\":{}}";

	private final McpJsonMapper json;

	public ConformanceFixtures(McpJsonMapper json) {
		this.json = json;
	}

	/** What the scenarios need a server to declare: tools, resources with subscriptions, prompts, logging, completions. */
	public static McpSchema.ServerCapabilities capabilities() {
		return McpSchema.ServerCapabilities.builder()
			.tools(false)
			.resources(true, false)
			.prompts(false)
			.logging()
			.completions()
			.build();
	}

	/** Localhost servers must refuse other Host and Origin headers (DNS rebinding protection). */
	public static ServerTransportSecurityValidator localhostOnly() {
		return DefaultServerTransportSecurityValidator.builder()
			.allowedHosts(List.of("localhost:*", "127.0.0.1:*", "[::1]:*"))
			.allowedOrigins(List.of("http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"))
			.build();
	}

	public List<SyncToolSpecification> tools() {
		return List.of(tool("test_simple_text", NO_ARGUMENTS, (exchange, args) -> result(text("This is a simple text response for testing."))),
				tool("test_image_content", NO_ARGUMENTS, (exchange, args) -> result(new McpSchema.ImageContent(null, PNG, "image/png"))),
				tool("test_audio_content", NO_ARGUMENTS, (exchange, args) -> result(new McpSchema.AudioContent(null, WAV, "audio/wav"))),
				tool("test_embedded_resource", NO_ARGUMENTS, (exchange, args) -> result(embedded("test://embedded-resource",
						"text/plain", "This is an embedded resource content."))),
				tool("test_multiple_content_types", NO_ARGUMENTS, (exchange, args) -> result(text("Multiple content types test:"),
						new McpSchema.ImageContent(null, PNG, "image/png"),
						embedded("test://mixed-content-resource", "application/json", "{\"test\":\"data\",\"value\":123}"))),
				tool("test_tool_with_logging", NO_ARGUMENTS, (exchange, args) -> {
					for (String message : List.of("Tool execution started", "Tool processing data", "Tool execution completed")) {
						exchange.loggingNotification(McpSchema.LoggingMessageNotification.builder()
							.level(McpSchema.LoggingLevel.INFO)
							.data(message)
							.build());
					}
					return result(text("Tool execution completed with logging"));
				}),
				tool("test_error_handling", NO_ARGUMENTS, (exchange, args) -> CallToolResult.builder()
					.addTextContent("This tool intentionally returns an error for testing")
					.isError(true)
					.build()),
				toolWithRequest("test_tool_with_progress", NO_ARGUMENTS, ConformanceFixtures::progress),
				tool("test_sampling", """
						{"type":"object","properties":{"prompt":{"type":"string","description":"The prompt to send to the LLM"}},"required":["prompt"]}""",
						(exchange, args) -> {
							McpSchema.CreateMessageResult reply = exchange.createMessage(McpSchema.CreateMessageRequest.builder()
								.messages(List.of(new McpSchema.SamplingMessage(McpSchema.Role.USER, text((String) args.get("prompt")))))
								.maxTokens(100)
								.build());
							return result(text("LLM response: " + ((TextContent) reply.content()).text()));
						}),
				tool("test_elicitation", """
						{"type":"object","properties":{"message":{"type":"string","description":"The message to show the user"}},"required":["message"]}""",
						(exchange, args) -> elicit(exchange, (String) args.get("message"), """
								{"type":"object","properties":{"username":{"type":"string","description":"User's response"},
								 "email":{"type":"string","description":"User's email address"}},"required":["username","email"]}""",
								"User response: ")),
				tool("test_elicitation_sep1034_defaults", NO_ARGUMENTS, (exchange, args) -> elicit(exchange,
						"Please provide your information with defaults", """
								{"type":"object","properties":{"name":{"type":"string","default":"John Doe"},
								 "age":{"type":"integer","default":30},"score":{"type":"number","default":95.5},
								 "status":{"type":"string","enum":["active","inactive","pending"],"default":"active"},
								 "verified":{"type":"boolean","default":true}},
								 "required":["name","age","score","status","verified"]}""", "Elicitation completed: ")),
				tool("test_elicitation_sep1330_enums", NO_ARGUMENTS, (exchange, args) -> elicit(exchange, "Select your preferences",
						"""
								{"type":"object","properties":{
								 "untitledSingle":{"type":"string","enum":["option1","option2","option3"]},
								 "titledSingle":{"type":"string","oneOf":[{"const":"value1","title":"First Option"},
								   {"const":"value2","title":"Second Option"},{"const":"value3","title":"Third Option"}]},
								 "legacyEnum":{"type":"string","enum":["opt1","opt2","opt3"],"enumNames":["Option One","Option Two","Option Three"]},
								 "untitledMulti":{"type":"array","items":{"type":"string","enum":["option1","option2","option3"]}},
								 "titledMulti":{"type":"array","items":{"anyOf":[{"const":"value1","title":"First Choice"},
								   {"const":"value2","title":"Second Choice"},{"const":"value3","title":"Third Choice"}]}}},
								 "required":["untitledSingle","titledSingle","legacyEnum","untitledMulti","titledMulti"]}""",
						"Elicitation completed: ")),
				tool("test_reconnection", NO_ARGUMENTS,
						(exchange, args) -> result(text("Reconnection test completed: the result came after the stream was closed"))),
				tool("json_schema_2020_12_tool", JSON_SCHEMA_2020_12_JSON, (exchange, args) -> result(text("ok"))));
	}

	private static CallToolResult progress(McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
		Object token = request.meta() == null ? null : request.meta().get("progressToken");
		if (token != null) {
			for (double done : new double[] { 0, 50, 100 }) {
				exchange.progressNotification(new McpSchema.ProgressNotification(token, done, 100.0, null));
			}
			return result(text("Tool execution completed with progress"));
		}
		return result(text("Tool execution completed without progress"));
	}

	private CallToolResult elicit(McpSyncServerExchange exchange, String message, String schema, String prefix) {
		McpSchema.ElicitResult reply = exchange.createElicitation(McpSchema.ElicitRequest.builder()
			.message(message)
			.requestedSchema(map(schema))
			.build());
		return result(text(prefix + "action=" + reply.action().name().toLowerCase(java.util.Locale.ROOT) + ", content="
				+ reply.content()));
	}

	/** The input schema the json-schema-2020-12 scenario looks for, every 2020-12 keyword it checks included. */
	static final String JSON_SCHEMA_2020_12_JSON = """
			{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
			 "$defs":{"address":{"$anchor":"addressDef","type":"object",
			   "properties":{"street":{"type":"string"},"city":{"type":"string"}}}},
			 "properties":{"name":{"type":"string"},"address":{"$ref":"#/$defs/address"},
			   "contactMethod":{"type":"string","enum":["phone","email"]},"phone":{"type":"string"},"email":{"type":"string"}},
			 "allOf":[{"anyOf":[{"required":["phone"]},{"required":["email"]}]}],
			 "if":{"properties":{"contactMethod":{"const":"phone"}},"required":["contactMethod"]},
			 "then":{"required":["phone"]},"else":{"required":["email"]},
			 "additionalProperties":false}""";

	public List<SyncResourceSpecification> resources() {
		return List.of(resource("test://static-text", "Static Text Resource", "text/plain",
				new McpSchema.TextResourceContents("test://static-text", "text/plain", "This is the content of the static text resource.")),
				resource("test://static-binary", "Static Binary Resource", "image/png",
						new McpSchema.BlobResourceContents("test://static-binary", "image/png", PNG)),
				resource("test://watched-resource", "Watched Resource", "text/plain",
						new McpSchema.TextResourceContents("test://watched-resource", "text/plain", "This is a watched resource content.")));
	}

	public List<SyncResourceTemplateSpecification> resourceTemplates() {
		McpSchema.ResourceTemplate template = McpSchema.ResourceTemplate.builder()
			.uriTemplate("test://template/{id}/data")
			.name("Template Resource")
			.description("A resource template for testing parameter substitution")
			.mimeType("application/json")
			.build();
		return List.of(new SyncResourceTemplateSpecification(template, (exchange, request) -> {
			String id = request.uri().replaceAll("^test://template/(.+)/data$", "$1");
			return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(request.uri(), "application/json",
					"{\"id\":\"" + id + "\",\"templateTest\":true,\"data\":\"Data for ID: " + id + "\"}")));
		}));
	}

	public List<SyncPromptSpecification> prompts() {
		return List.of(prompt("test_simple_prompt", List.of(),
				args -> List.of(userSays(text("This is a simple prompt for testing.")))),
				prompt("test_prompt_with_arguments", List.of(argument("arg1", "First test argument"), argument("arg2", "Second test argument")),
						args -> List.of(userSays(text("Prompt with arguments: arg1='" + args.get("arg1") + "', arg2='" + args.get("arg2") + "'")))),
				prompt("test_prompt_with_embedded_resource", List.of(argument("resourceUri", "URI of the resource to embed")),
						args -> List.of(userSays(embedded((String) args.get("resourceUri"), "text/plain", "Embedded resource content for testing.")),
								userSays(text("Please process the embedded resource above.")))),
				prompt("test_prompt_with_image", List.of(), args -> List.of(userSays(new McpSchema.ImageContent(null, PNG, "image/png")),
						userSays(text("Please analyze the image above.")))));
	}

	public List<SyncCompletionSpecification> completions() {
		return List.of(new SyncCompletionSpecification(new McpSchema.PromptReference("test_prompt_with_arguments"),
				(exchange, request) -> new McpSchema.CompleteResult(new McpSchema.CompleteResult.CompleteCompletion(List.of(), 0, false))));
	}

	private SyncToolSpecification tool(String name, String schema,
			BiFunction<McpSyncServerExchange, Map<String, Object>, CallToolResult> handler) {
		return toolWithRequest(name, schema, (exchange, request) -> handler.apply(exchange,
				request.arguments() == null ? Map.of() : request.arguments()));
	}

	private SyncToolSpecification toolWithRequest(String name, String schema,
			BiFunction<McpSyncServerExchange, McpSchema.CallToolRequest, CallToolResult> handler) {
		return SyncToolSpecification.builder()
			.tool(McpSchema.Tool.builder().name(name).description(name).inputSchema(map(schema)).build())
			.callHandler(handler)
			.build();
	}

	private Map<String, Object> map(String json) {
		try {
			return this.json.readValue(json, new TypeRef<Map<String, Object>>() {
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static SyncResourceSpecification resource(String uri, String name, String mimeType,
			McpSchema.ResourceContents contents) {
		return new SyncResourceSpecification(McpSchema.Resource.builder().uri(uri).name(name).mimeType(mimeType).build(),
				(exchange, request) -> new McpSchema.ReadResourceResult(List.of(contents)));
	}

	private static SyncPromptSpecification prompt(String name, List<McpSchema.PromptArgument> arguments,
			java.util.function.Function<Map<String, Object>, List<McpSchema.PromptMessage>> messages) {
		return new SyncPromptSpecification(new McpSchema.Prompt(name, name, arguments),
				(exchange, request) -> new McpSchema.GetPromptResult(null,
						messages.apply(request.arguments() == null ? Map.of() : request.arguments())));
	}

	private static McpSchema.PromptArgument argument(String name, String description) {
		return new McpSchema.PromptArgument(name, description, true);
	}

	private static McpSchema.PromptMessage userSays(Content content) {
		return new McpSchema.PromptMessage(McpSchema.Role.USER, content);
	}

	private static McpSchema.EmbeddedResource embedded(String uri, String mimeType, String text) {
		return new McpSchema.EmbeddedResource(null, new McpSchema.TextResourceContents(uri, mimeType, text));
	}

	private static TextContent text(String text) {
		return new TextContent(text);
	}

	private static CallToolResult result(Content... content) {
		return CallToolResult.builder().content(List.of(content)).isError(false).build();
	}

}
