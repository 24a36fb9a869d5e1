package io.github.mcpsessions.tasks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;

/**
 * A 2026-07-28 client speaking the tasks extension over plain HTTP (the SDK's client has no task
 * methods): each request carries the per-request {@code _meta} and the routing headers.
 */
final class TaskClient {

	static final String EXTENSION = "io.modelcontextprotocol/tasks";

	private static final McpJsonMapper JSON = McpJsonDefaults.getMapper();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final AtomicInteger ids = new AtomicInteger();

	private final boolean declaresTasks;

	private final String owner;

	TaskClient(boolean declaresTasks, String owner) {
		this.declaresTasks = declaresTasks;
		this.owner = owner;
	}

	/** A client that declares the tasks extension, anonymous. */
	static TaskClient declaring() {
		return new TaskClient(true, null);
	}

	/** What came back: the HTTP status, the JSON-RPC result or error, the headers. */
	record Reply(int status, Map<String, Object> result, Map<String, Object> error, HttpResponse<String> http) {

		Object get(String field) {
			return this.result == null ? null : this.result.get(field);
		}

		/** An object field of the result. */
		@SuppressWarnings("unchecked")
		Map<String, Object> map(String field) {
			return (Map<String, Object>) get(field);
		}

		String taskId() {
			return (String) get("taskId");
		}

		String status(String field) {
			return String.valueOf(get(field));
		}

		Number code() {
			return this.error == null ? null : (Number) this.error.get("code");
		}

	}

	Reply call(String url, String tool, Map<String, Object> arguments) {
		return request(url, "tools/call", Map.of("name", tool, "arguments", arguments), Map.of());
	}

	Reply get(String url, String taskId) {
		return request(url, "tasks/get", Map.of("taskId", taskId), Map.of());
	}

	Reply cancel(String url, String taskId) {
		return request(url, "tasks/cancel", Map.of("taskId", taskId), Map.of());
	}

	Reply update(String url, String taskId, Map<String, Object> inputResponses) {
		return request(url, "tasks/update", Map.of("taskId", taskId, "inputResponses", inputResponses), Map.of());
	}

	/**
	 * Opens {@code subscriptions/listen} following {@code taskIds}; the data of each event it sends
	 * lands in {@code events} as it arrives. Returns what cancels the stream.
	 */
	java.util.concurrent.CompletableFuture<?> listen(String url, List<String> taskIds, java.util.Queue<String> events) {
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("notifications", Map.of("taskIds", taskIds));
		params.put("_meta", meta());
		Map<String, Object> body = Map.of("jsonrpc", "2.0", "id", this.ids.incrementAndGet(), "method",
				"subscriptions/listen", "params", params);
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/json")
				.header("Accept", "application/json, text/event-stream")
				.header("MCP-Protocol-Version", "2026-07-28")
				.header("Mcp-Method", "subscriptions/listen")
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
			if (this.owner != null) {
				request.header(TaskServer.OWNER_HEADER, this.owner);
			}
			return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
				.thenAccept(response -> response.body()
					.filter(line -> line.startsWith("data:"))
					.forEach(line -> events.add(line.substring(5).strip())));
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	private Map<String, Object> meta() {
		Map<String, Object> capabilities = this.declaresTasks
				? Map.of("elicitation", Map.of(), "extensions", Map.of(EXTENSION, Map.of())) : Map.of("elicitation", Map.of());
		return Map.of("io.modelcontextprotocol/protocolVersion", "2026-07-28", "io.modelcontextprotocol/clientInfo",
				Map.of("name", "task-test", "version", "1"), "io.modelcontextprotocol/clientCapabilities", capabilities);
	}

	/** A request; {@code Mcp-Method} and {@code Mcp-Name} are set from it unless {@code headers} set them. */
	Reply request(String url, String method, Map<String, Object> params, Map<String, String> headers) {
		Map<String, Object> withMeta = new LinkedHashMap<>(params);
		withMeta.put("_meta", meta());
		Map<String, Object> body = Map.of("jsonrpc", "2.0", "id", this.ids.incrementAndGet(), "method", method, "params",
				withMeta);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.header("MCP-Protocol-Version", "2026-07-28")
			.header("Mcp-Method", method);
		Object name = params.containsKey("taskId") ? params.get("taskId") : params.get("name");
		Map<String, String> all = new LinkedHashMap<>();
		if (name instanceof String text) {
			all.put("Mcp-Name", text);
		}
		if (this.owner != null) {
			all.put(TaskServer.OWNER_HEADER, this.owner);
		}
		all.putAll(headers);
		all.forEach((header, value) -> {
			if (value != null) {
				request.header(header, value);
			}
		});
		try {
			request.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
			HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
			Map<String, Object> message = message(response.body());
			return new Reply(response.statusCode(), map(message.get("result")), map(message.get("error")), response);
		}
		catch (IOException ex) {
			throw new AssertionError("Request failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	private static Map<String, Object> message(String body) throws IOException {
		String json = body.strip();
		if (!json.startsWith("{")) {
			String last = null;
			for (String line : body.split("\r?\n")) {
				if (line.startsWith("data:") && line.contains("\"id\"")) {
					last = line.substring(5).strip();
				}
			}
			json = last == null ? "{}" : last;
		}
		return JSON.readValue(json, new TypeRef<Map<String, Object>>() {
		});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
	}

}
