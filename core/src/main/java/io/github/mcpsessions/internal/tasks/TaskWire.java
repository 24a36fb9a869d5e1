package io.github.mcpsessions.internal.tasks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;

import io.github.mcpsessions.internal.jsonrpc.JsonRpcErrors;
import io.github.mcpsessions.tasks.TaskRecord;
import io.github.mcpsessions.tasks.TaskStatus;

/** The tasks extension's shapes on the wire: the task, its detailed form and its error. */
final class TaskWire {

	private TaskWire() {
	}

	/** {@code CreateTaskResult}: the task, flat, with {@code resultType:"task"}. */
	static WireResult created(TaskRecord task) {
		return WireResult.of("task", envelope(task));
	}

	/** {@code tasks/get}'s {@code DetailedTask}: the task with its result, error or input requests inline. */
	static WireResult detailed(TaskRecord task, Function<String, Map<String, Object>> parse) {
		Map<String, Object> fields = envelope(task);
		if (task.status() == TaskStatus.COMPLETED) {
			fields.put("result", parse.apply(task.result()));
		}
		else if (task.status() == TaskStatus.FAILED) {
			fields.put("error", parse.apply(task.error()));
		}
		else if (task.status() == TaskStatus.INPUT_REQUIRED) {
			fields.put("inputRequests", parse.apply(task.inputRequests()));
		}
		return WireResult.of("complete", fields);
	}

	static Map<String, Object> envelope(TaskRecord task) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("taskId", task.id());
		fields.put("status", task.status().wireName());
		if (task.statusMessage() != null) {
			fields.put("statusMessage", task.statusMessage());
		}
		fields.put("createdAt", task.createdAt().toString());
		fields.put("lastUpdatedAt", task.lastUpdatedAt().toString());
		fields.put("ttlMs", task.ttl().toMillis());
		fields.put("pollIntervalMs", task.pollInterval().toMillis());
		return fields;
	}

	/** A tool's result as {@code tasks/get} inlines it: its JSON without the response's {@code resultType}. */
	static Map<String, Object> inlined(McpSchema.Result result, McpJsonMapper json) {
		Map<String, Object> fields = new LinkedHashMap<>(json.convertValue(result, TaskRunner.MAP));
		fields.remove("resultType");
		return fields;
	}

	/**
	 * The JSON-RPC error a failed task shows: an {@link McpException}'s own, anything else an
	 * internal error that tells nothing of the server's insides.
	 */
	static Map<String, Object> error(Throwable failure) {
		Map<String, Object> error = new LinkedHashMap<>();
		if (failure instanceof McpException mcp && mcp.error() != null) {
			error.put("code", mcp.error().code());
			error.put("message", mcp.error().message());
			if (mcp.error().data() != null) {
				error.put("data", mcp.error().data());
			}
		}
		else {
			error.put("code", JsonRpcErrors.INTERNAL_ERROR);
			error.put("message", "The tool failed with an internal error");
		}
		return error;
	}

}
