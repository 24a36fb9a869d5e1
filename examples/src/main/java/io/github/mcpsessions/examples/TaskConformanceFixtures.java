package io.github.mcpsessions.examples;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.McpSchema.CallToolRequest;
import io.modelcontextprotocol.modern.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.modern.McpSchema.InputRequiredResult;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;

import io.github.mcpsessions.tasks.TaskSupport;

/**
 * The fixtures of the conformance suite's {@code tasks-*} scenarios (MCP tasks extension, SEP-2663;
 * suite 0.2.0-alpha.12), written from the scenario definitions: a sync-only {@code greet}, and
 * task-supporting tools that sleep, fail, ask for input, or ask first and then run as a task.
 * Each one that must become a task works longer than the inline window before it answers.
 */
final class TaskConformanceFixtures {

	/** Longer than {@link io.github.mcpsessions.tasks.DurableTasks.Builder#inlineWindow}'s default, so these become tasks. */
	private static final Duration WORK = Duration.ofMillis(400);

	private final Map<String, TaskSupport> support = new LinkedHashMap<>();

	/** Adds the fixtures to {@code tools}. */
	void addTo(Map<String, McpSyncTool> tools) {
		add(tools, "greet", TaskSupport.FORBIDDEN, schema(Map.of("name", "string")),
				request -> text("Hello, " + argument(request, "name", "World") + "!"));
		add(tools, "slow_compute", TaskSupport.OPTIONAL, schema(Map.of("seconds", "number", "label", "string")), request -> {
			double seconds = argument(request, "seconds", 0.0);
			work(Duration.ofMillis((long) (seconds * 1000)));
			return text("Computed " + argument(request, "label", "") + " in " + seconds + " s");
		});
		add(tools, "failing_job", TaskSupport.REQUIRED, schema(Map.of()), request -> {
			work(Duration.ofSeconds(1));
			return McpSchema.CallToolResult.builder().addContent(textContent("failing_job failed, as it always does"))
				.isError(true)
				.build();
		});
		add(tools, "protocol_error_job", TaskSupport.OPTIONAL, schema(Map.of()), request -> {
			work(WORK);
			throw new McpException(-32603, "protocol_error_job broke the protocol on purpose");
		});
		add(tools, "confirm_delete", TaskSupport.OPTIONAL, schema(Map.of("filename", "string")), request -> {
			Object answer = response(request, "confirm");
			if (answer != null) {
				return text((accepted(answer) ? "Deleted " : "Kept ") + argument(request, "filename", "the file"));
			}
			work(WORK);
			return InputRequiredResult.builder().elicit("confirm", ask("Delete " + argument(request, "filename", "the file") + "?",
					"confirm", "boolean")).build();
		});
		add(tools, "multi_input", TaskSupport.OPTIONAL, schema(Map.of()), request -> {
			if (response(request, "name") != null && response(request, "confirm") != null) {
				return text("Got both answers");
			}
			work(WORK);
			return InputRequiredResult.builder()
				.elicit("name", ask("What is your name?", "name", "string"))
				.elicit("confirm", ask("Shall I go on?", "confirm", "boolean"))
				.build();
		});
		add(tools, "test_tool_with_task", TaskSupport.REQUIRED, schema(Map.of()), request -> {
			Object answer = response(request, "user_name");
			if (answer == null) {
				return InputRequiredResult.builder().elicit("user_name", ask("What is your name?", "name", "string")).build();
			}
			work(WORK);
			return text("Hello, " + field(answer, "name") + ", from a task!");
		});
	}

	/** Each fixture's task support, for {@link io.github.mcpsessions.tasks.DurableTasks#withTasks}. */
	Map<String, TaskSupport> support() {
		return Map.copyOf(this.support);
	}

	private interface Body {

		McpSchema.CallToolOutcome call(CallToolRequest request);

	}

	private void add(Map<String, McpSyncTool> tools, String name, TaskSupport support, Map<String, Object> inputSchema,
			Body body) {
		this.support.put(name, support);
		tools.put(name, McpSyncTool.of(McpSchema.Tool.builder(name, inputSchema).description(name).build(),
				(context, request) -> McpSyncResponse.result(body.call(request))));
	}

	/** Works for {@code duration}; a cancelled task's thread is interrupted and stops at once. */
	private static void work(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new McpException(-32603, "Cancelled");
		}
	}

	@SuppressWarnings("unchecked")
	private static <T> T argument(CallToolRequest request, String name, T otherwise) {
		Object value = request.arguments() == null ? null : request.arguments().get(name);
		if (otherwise instanceof Double && value instanceof Number number) {
			return (T) Double.valueOf(number.doubleValue());
		}
		return value != null && otherwise.getClass().isInstance(value) ? (T) value : otherwise;
	}

	private static Object response(CallToolRequest request, String key) {
		return request.inputResponses() == null ? null : request.inputResponses().get(key);
	}

	private static boolean accepted(Object response) {
		return response instanceof Map<?, ?> map && "accept".equals(map.get("action"));
	}

	private static Object field(Object response, String name) {
		return response instanceof Map<?, ?> map && map.get("content") instanceof Map<?, ?> content ? content.get(name) : "";
	}

	private static ElicitFormRequest ask(String message, String property, String type) {
		return ElicitFormRequest.builder(message, schema(Map.of(property, type))).build();
	}

	private static Map<String, Object> schema(Map<String, String> properties) {
		Map<String, Object> typed = new LinkedHashMap<>();
		properties.forEach((name, type) -> typed.put(name, Map.of("type", type)));
		return Map.of("type", "object", "properties", typed, "required", List.copyOf(properties.keySet()));
	}

	private static McpSchema.CallToolResult text(String text) {
		return McpSchema.CallToolResult.builder().addContent(textContent(text)).isError(false).build();
	}

	private static McpSchema.Content textContent(String text) {
		return new McpSchema.TextContent(null, text, null);
	}

}
