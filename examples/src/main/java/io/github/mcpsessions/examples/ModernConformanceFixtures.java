package io.github.mcpsessions.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.McpSchema.CacheScope;
import io.modelcontextprotocol.modern.McpSchema.CallToolOutcome;
import io.modelcontextprotocol.modern.McpSchema.CallToolRequest;
import io.modelcontextprotocol.modern.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.modern.McpSchema.InputRequiredResult;
import io.modelcontextprotocol.modern.server.McpFeature;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncPrompt;
import io.modelcontextprotocol.modern.server.feature.McpSyncPromptRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncResource;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceTemplate;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.PromptsFeature;
import io.modelcontextprotocol.modern.server.feature.PromptsPage;
import io.modelcontextprotocol.modern.server.feature.ResourceTemplatesPage;
import io.modelcontextprotocol.modern.server.feature.ResourcesFeature;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityValidator;

import io.github.mcpsessions.tasks.DurableTasks;

/**
 * The fixtures of the conformance suite's MCP 2026-07-28 server scenarios
 * ({@code @modelcontextprotocol/conformance} 0.2.0-alpha.12, {@code --requirements 2026-07-28}), on the
 * SDK 2.2 {@code io.modelcontextprotocol.modern} server: the same {@code test_*} tools, {@code test://}
 * resources and {@code test_*} prompts as {@link ConformanceFixtures}, the {@code input_required} tools
 * and prompt, caching hints on every list and read, and the tasks extension's fixtures
 * ({@link TaskConformanceFixtures}). Written from the suite's scenario definitions.
 */
final class ModernConformanceFixtures {

	private static final String PNG = ConformanceFixtures.PNG;

	private static final String WAV = ConformanceFixtures.WAV;

	private static final long TTL_MS = 60_000;

	private static final Map<String, Object> NO_ARGUMENTS = Map.of("type", "object", "properties", Map.of());

	private final McpJsonMapper json;

	private final DurableTasks tasks;

	ModernConformanceFixtures(McpJsonMapper json, DurableTasks tasks) {
		this.json = json;
		this.tasks = tasks;
	}

	/** Localhost servers must refuse other Host and Origin headers (DNS rebinding protection), in this era too. */
	static ServerHttpHeaderValidator localhostOnly() {
		return ServerTransportSecurityValidator.toHttpHeaderValidator(ConformanceFixtures.localhostOnly());
	}

	/** Tools, resources and prompts (with the prompt's completion), as 2026-07-28 features. */
	List<McpFeature> features() {
		return List.of(tools(), resources(), prompts());
	}

	private McpFeature tools() {
		Map<String, McpSyncTool> tools = new LinkedHashMap<>();
		tool(tools, "test_simple_text", (context, request) -> result(text("This is a simple text response for testing.")));
		tool(tools, "test_image_content", (context, request) -> result(content("type", "image", "data", PNG, "mimeType", "image/png")));
		tool(tools, "test_audio_content", (context, request) -> result(content("type", "audio", "data", WAV, "mimeType", "audio/wav")));
		tool(tools, "test_embedded_resource", (context, request) -> result(embedded("test://embedded-resource", "text/plain",
				"This is an embedded resource content.")));
		tool(tools, "test_multiple_content_types", (context, request) -> result(text("Multiple content types test:"),
				content("type", "image", "data", PNG, "mimeType", "image/png"),
				embedded("test://mixed-content-resource", "application/json", "{\"test\":\"data\",\"value\":123}")));
		tool(tools, "test_error_handling", (context, request) -> McpSchema.CallToolResult.builder()
			.addContent(text("This tool intentionally returns an error for testing"))
			.isError(true)
			.build());
		tools.put("test_tool_with_progress", McpSyncTool.of(definition("test_tool_with_progress"),
				(context, request) -> McpSyncResponse.streaming(notifier -> {
					for (double done : new double[] { 0, 50, 100 }) {
						notifier.progress(done, 100.0, null);
					}
					return outcome(result(text("Tool execution completed with progress")));
				})));
		tools.put("test_tool_with_logging", McpSyncTool.of(definition("test_tool_with_logging"),
				(context, request) -> McpSyncResponse.streaming(notifier -> {
					for (String message : List.of("Tool execution started", "Tool processing data", "Tool execution completed")) {
						notifier.notify("notifications/message", Map.of("level", "info", "data", message));
					}
					return outcome(result(text("Tool execution completed with logging")));
				})));
		diagnosticTools(tools);
		schemaTools(tools);
		inputRequiredTools(tools);
		TaskConformanceFixtures taskFixtures = new TaskConformanceFixtures();
		taskFixtures.addTo(tools);
		List<McpSchema.Tool> definitions = tools.values().stream().map(McpSyncTool::definition).toList();
		McpFeature feature = ToolsFeature.ofSync(new McpSyncToolRepository() {

			@Override
			public ToolsPage list(McpRequestContext context, String cursor) {
				return new ToolsPage(definitions, null, TTL_MS, CacheScope.PUBLIC);
			}

			@Override
			public McpSyncTool find(McpRequestContext context, String name) {
				return tools.get(name);
			}

		});
		// The plain SDK (--persistence off) has no tasks: there the task fixtures are plain tools.
		return this.tasks == null ? feature : this.tasks.withTasks(feature, taskFixtures.support());
	}

	/** The tools the server-stateless scenario (SEP-2575) probes. */
	private void diagnosticTools(Map<String, McpSyncTool> tools) {
		tools.put("test_missing_capability", McpSyncTool.of(definition("test_missing_capability"),
				McpSchema.ClientCapabilities.builder().sampling().build(),
				(context, request) -> McpSyncResponse.result(result(text("The client declared sampling")))));
		tools.put("test_streaming_elicitation", McpSyncTool.of(definition("test_streaming_elicitation"),
				(context, request) -> McpSyncResponse.streaming(notifier -> {
					notifier.progress(0, 1.0, "asking");
					return InputRequiredResult.builder().elicit("user_name", askName("What is your name?")).build();
				})));
		tools.put("test_logging_tool", McpSyncTool.of(definition("test_logging_tool"),
				(context, request) -> McpSyncResponse.streaming(notifier -> {
					if (context.meta() != null && context.meta().get("io.modelcontextprotocol/logLevel") != null) {
						notifier.notify("notifications/message", Map.of("level", "info", "data", "Logged at the requested level"));
					}
					return outcome(result(text("Logging tool done")));
				})));
	}

	/**
	 * A JSON Schema 2020-12 input schema kept as written (SEP-1613, SEP-2106), and a parameter mirrored
	 * in a header ({@code x-mcp-header}, SEP-2243), which the SDK's tools feature checks against the body.
	 */
	private void schemaTools(Map<String, McpSyncTool> tools) {
		tools.put("json_schema_2020_12_tool", McpSyncTool.of(McpSchema.Tool.builder("json_schema_2020_12_tool",
				map(ConformanceFixtures.JSON_SCHEMA_2020_12_JSON))
			.description("Tool with JSON Schema 2020-12 features")
			.build(), (context, request) -> McpSyncResponse.result(result(text("ok")))));
		Map<String, Object> region = Map.of("type", "string", "x-mcp-header", "Region");
		tools.put("test_header_param", McpSyncTool.of(McpSchema.Tool.builder("test_header_param",
				Map.of("type", "object", "properties", Map.of("region", region), "required", List.of("region")))
			.description("Echoes its region, which clients also send in the Mcp-Param-Region header")
			.build(), (context, request) -> McpSyncResponse.result(result(text("region " + request.arguments().get("region"))))));
	}

	private Map<String, Object> map(String json) {
		try {
			return this.json.readValue(json, new io.modelcontextprotocol.json.TypeRef<Map<String, Object>>() {
			});
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The multi round-trip tools of SEP-2322: each asks for input first, then answers with what it got. */
	private void inputRequiredTools(Map<String, McpSyncTool> tools) {
		inputTool(tools, "test_input_required_result_elicitation", (context, request) -> has(request, "user_name")
				? result(text("Hello, " + field(request.inputResponses().get("user_name"), "name") + "!"))
				: InputRequiredResult.builder().elicit("user_name", askName("What is your name?")).build());
		inputTool(tools, "test_input_required_result_sampling", (context, request) -> has(request, "capital")
				? result(text("Sampling answered: " + request.inputResponses().get("capital")))
				: InputRequiredResult.builder().createMessage("capital", sampling("What is the capital of France?", 50)).build());
		inputTool(tools, "test_input_required_result_list_roots", (context, request) -> has(request, "client_roots")
				? result(text("Roots: " + request.inputResponses().get("client_roots")))
				: InputRequiredResult.builder().listRoots("client_roots").build());
		inputTool(tools, "test_input_required_result_request_state",
				(context, request) -> has(request, "confirm") && "awaiting-confirmation".equals(request.requestState())
						? result(text("Confirmed with state " + request.requestState()))
						: InputRequiredResult.builder()
							.elicit("confirm", ElicitFormRequest.builder("Please confirm", schema("ok", "boolean")).build())
							.requestState("awaiting-confirmation")
							.build());
		inputTool(tools, "test_input_required_result_multiple_inputs",
				(context, request) -> has(request, "user_name") && has(request, "greeting") && has(request, "client_roots")
						&& "awaiting-three-inputs".equals(request.requestState())
								? result(text("Received all inputs"))
								: InputRequiredResult.builder()
									.elicit("user_name", askName("What is your name?"))
									.createMessage("greeting", sampling("Generate a greeting", 50))
									.listRoots("client_roots")
									.requestState("awaiting-three-inputs")
									.build());
		inputTool(tools, "test_input_required_result_multi_round", (context, request) -> {
			if ("round-2".equals(request.requestState()) && has(request, "step2")) {
				return result(text("Completed: name=" + field(request.inputResponses().get("step1"), "name") + ", color="
						+ field(request.inputResponses().get("step2"), "color")));
			}
			if ("round-1".equals(request.requestState()) && has(request, "step1")) {
				return InputRequiredResult.builder()
					.elicit("step2", ElicitFormRequest.builder("Step 2: What is your favorite color?", schema("color", "string")).build())
					.requestState("round-2")
					.build();
			}
			return InputRequiredResult.builder()
				.elicit("step1", askName("Step 1: What is your name?"))
				.requestState("round-1")
				.build();
		});
		inputTool(tools, "test_input_required_result_tampered_state",
				(context, request) -> has(request, "confirm") && "untampered".equals(request.requestState())
						? result(text("State verified"))
						: InputRequiredResult.builder()
							.elicit("confirm", ElicitFormRequest.builder("Please confirm", schema("ok", "boolean")).build())
							.requestState("untampered")
							.build());
		inputTool(tools, "test_input_required_result_capabilities", (context, request) -> {
			if (request.inputResponses() != null && !request.inputResponses().isEmpty()) {
				return result(text("Received " + request.inputResponses().keySet()));
			}
			InputRequiredResult.Builder ask = InputRequiredResult.builder();
			if (context.clientCapabilities().supportsSampling()) {
				ask.createMessage("summary", sampling("Summarize", 50));
			}
			if (context.clientCapabilities().supportsElicitationForm()) {
				ask.elicit("user_name", askName("What is your name?"));
			}
			if (context.clientCapabilities().supportsRoots()) {
				ask.listRoots("client_roots");
			}
			return ask.build();
		});
	}

	private McpFeature resources() {
		Map<String, McpSchema.ResourceContents> contents = new LinkedHashMap<>();
		contents.put("test://static-text", resourceContents(Map.of("uri", "test://static-text", "mimeType", "text/plain",
				"text", "This is the content of the static text resource.")));
		contents.put("test://static-binary", resourceContents(Map.of("uri", "test://static-binary", "mimeType", "image/png", "blob", PNG)));
		contents.put("test://watched-resource", resourceContents(Map.of("uri", "test://watched-resource", "mimeType",
				"text/plain", "text", "This is a watched resource content.")));
		List<McpSchema.Resource> listed = List.of(
				McpSchema.Resource.builder("test://static-text", "Static Text Resource").mimeType("text/plain").build(),
				McpSchema.Resource.builder("test://static-binary", "Static Binary Resource").mimeType("image/png").build(),
				McpSchema.Resource.builder("test://watched-resource", "Watched Resource").mimeType("text/plain").build());
		McpSchema.ResourceTemplate template = McpSchema.ResourceTemplate.builder("test://template/{id}/data", "Template Resource")
			.description("A resource template for testing parameter substitution")
			.mimeType("application/json")
			.build();
		return ResourcesFeature.ofSync(new McpSyncResourceRepository() {

			@Override
			public ResourcesPage list(McpRequestContext context, String cursor) {
				return new ResourcesPage(listed, null, TTL_MS, CacheScope.PUBLIC);
			}

			@Override
			public ResourceTemplatesPage listTemplates(McpRequestContext context, String cursor) {
				return new ResourceTemplatesPage(List.of(template), null, TTL_MS, CacheScope.PUBLIC);
			}

			@Override
			public McpSyncResource find(McpRequestContext context, String uri) {
				McpSchema.ResourceContents found = contents.get(uri);
				if (found == null && uri.matches("^test://template/[^/]+/data$")) {
					String id = uri.replaceAll("^test://template/(.+)/data$", "$1");
					found = resourceContents(Map.of("uri", uri, "mimeType", "application/json", "text",
							"{\"id\":\"" + id + "\",\"templateTest\":true,\"data\":\"Data for ID: " + id + "\"}"));
				}
				if (found == null) {
					return null;
				}
				McpSchema.ResourceContents read = found;
				return McpSyncResource.of((readContext, request) -> McpSyncResponse.result(McpSchema.ReadResourceResult
					.builder(List.of(read))
					.ttlMs(TTL_MS)
					.cacheScope(CacheScope.PUBLIC)
					.build()));
			}

			@Override
			public McpSyncResourceTemplate findTemplate(McpRequestContext context, String uriTemplate) {
				return template.uriTemplate().equals(uriTemplate) ? McpSyncResourceTemplate.of(template) : null;
			}

			@Override
			public boolean supportsSubscribe() {
				return true;
			}

		});
	}

	private McpFeature prompts() {
		Map<String, McpSyncPrompt> prompts = new LinkedHashMap<>();
		prompt(prompts, "test_simple_prompt", List.of(), args -> List.of(userSays(text("This is a simple prompt for testing."))));
		prompts.put("test_prompt_with_arguments", McpSyncPrompt
			.of(promptDefinition("test_prompt_with_arguments", List.of(argument("arg1", "First test argument"),
					argument("arg2", "Second test argument"))), (context, request) -> McpSyncResponse.result(promptResult(
							List.of(userSays(text("Prompt with arguments: arg1='" + request.arguments().get("arg1")
									+ "', arg2='" + request.arguments().get("arg2") + "'"))))))
			.withCompletionHandler((context, request) -> McpSchema.CompleteResult
				.of(new McpSchema.CompleteResult.Completion(List.of(), 0, false))));
		prompt(prompts, "test_prompt_with_embedded_resource", List.of(argument("resourceUri", "URI of the resource to embed")),
				args -> List.of(userSays(embedded(args.get("resourceUri"), "text/plain", "Embedded resource content for testing.")),
						userSays(text("Please process the embedded resource above."))));
		prompt(prompts, "test_prompt_with_image", List.of(), args -> List.of(
				userSays(content("type", "image", "data", PNG, "mimeType", "image/png")),
				userSays(text("Please analyze the image above."))));
		prompts.put("test_input_required_result_prompt", McpSyncPrompt.of(promptDefinition("test_input_required_result_prompt",
				List.of()), (context, request) -> McpSyncResponse.result(
						request.inputResponses() != null && request.inputResponses().containsKey("prompt_context")
								? promptResult(List.of(userSays(text("Prompt with context: "
										+ field(request.inputResponses().get("prompt_context"), "context")))))
								: InputRequiredResult.builder()
									.elicit("prompt_context", ElicitFormRequest
										.builder("What context should the prompt use?", schema("context", "string"))
										.build())
									.build())));
		List<McpSchema.Prompt> definitions = prompts.values().stream().map(McpSyncPrompt::definition).toList();
		return PromptsFeature.ofSync(new McpSyncPromptRepository() {

			@Override
			public PromptsPage list(McpRequestContext context, String cursor) {
				return new PromptsPage(definitions, null, TTL_MS, CacheScope.PUBLIC);
			}

			@Override
			public McpSyncPrompt find(McpRequestContext context, String name) {
				return prompts.get(name);
			}

			@Override
			public boolean supportsCompletion() {
				return true;
			}

		});
	}

	private void tool(Map<String, McpSyncTool> tools, String name,
			BiFunction<McpRequestContext, CallToolRequest, McpSchema.CallToolResult> handler) {
		tools.put(name, McpSyncTool.of(definition(name), (context, request) -> McpSyncResponse.result(handler.apply(context, request))));
	}

	private void inputTool(Map<String, McpSyncTool> tools, String name,
			BiFunction<McpRequestContext, CallToolRequest, CallToolOutcome> handler) {
		tools.put(name, McpSyncTool.of(definition(name), (context, request) -> McpSyncResponse.result(handler.apply(context,
				request))));
	}

	private static McpSchema.Tool definition(String name) {
		return McpSchema.Tool.builder(name, NO_ARGUMENTS).description(name).build();
	}

	private static CallToolOutcome outcome(McpSchema.CallToolResult result) {
		return result;
	}

	private static boolean has(CallToolRequest request, String key) {
		return request.inputResponses() != null && request.inputResponses().get(key) instanceof Map;
	}

	/** A field of an accepted elicitation's content, or "" when the response is not one. */
	private static Object field(Object response, String name) {
		if (response instanceof Map<?, ?> map && map.get("content") instanceof Map<?, ?> content) {
			return content.get(name) == null ? "" : content.get(name);
		}
		return "";
	}

	private static ElicitFormRequest askName(String message) {
		return ElicitFormRequest.builder(message, schema("name", "string")).build();
	}

	private static Map<String, Object> schema(String property, String type) {
		return Map.of("type", "object", "properties", Map.of(property, Map.of("type", type)), "required", List.of(property));
	}

	private McpSchema.CreateMessageRequest sampling(String prompt, int maxTokens) {
		return McpSchema.CreateMessageRequest
			.builder(List.of(this.json.convertValue(Map.of("role", "user", "content", Map.of("type", "text", "text", prompt)),
					McpSchema.SamplingMessage.class)), maxTokens)
			.build();
	}

	private void prompt(Map<String, McpSyncPrompt> prompts, String name, List<McpSchema.PromptArgument> arguments,
			java.util.function.Function<Map<String, String>, List<McpSchema.PromptMessage>> messages) {
		prompts.put(name, McpSyncPrompt.of(promptDefinition(name, arguments), (context, request) -> McpSyncResponse
			.result(promptResult(messages.apply(request.arguments() == null ? Map.of() : request.arguments())))));
	}

	private static McpSchema.Prompt promptDefinition(String name, List<McpSchema.PromptArgument> arguments) {
		return McpSchema.Prompt.builder(name).description(name).arguments(arguments).build();
	}

	private McpSchema.PromptArgument argument(String name, String description) {
		return this.json.convertValue(Map.of("name", name, "description", description, "required", true),
				McpSchema.PromptArgument.class);
	}

	private static McpSchema.GetPromptResult promptResult(List<McpSchema.PromptMessage> messages) {
		return McpSchema.GetPromptResult.builder(messages).build();
	}

	private static McpSchema.PromptMessage userSays(McpSchema.Content content) {
		return new McpSchema.PromptMessage(McpSchema.Role.USER, content);
	}

	private McpSchema.Content text(String text) {
		return content("type", "text", "text", text);
	}

	private McpSchema.Content embedded(String uri, String mimeType, String text) {
		return this.json.convertValue(Map.of("type", "resource", "resource", Map.of("uri", uri, "mimeType", mimeType, "text", text)),
				McpSchema.Content.class);
	}

	private McpSchema.Content content(String... keysAndValues) {
		Map<String, Object> fields = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			fields.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return this.json.convertValue(fields, McpSchema.Content.class);
	}

	private McpSchema.ResourceContents resourceContents(Map<String, Object> fields) {
		return this.json.convertValue(fields, McpSchema.ResourceContents.class);
	}

	private static McpSchema.CallToolResult result(McpSchema.Content... content) {
		return McpSchema.CallToolResult.builder().content(List.of(content)).isError(false).build();
	}

}
