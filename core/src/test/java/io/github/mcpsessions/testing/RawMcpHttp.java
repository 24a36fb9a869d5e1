package io.github.mcpsessions.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Plain HTTP requests to an MCP endpoint, for what the SDK client will not send (bad ids, raw bodies). */
public final class RawMcpHttp {

	public static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
			+ "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private RawMcpHttp() {
	}

	/** A POST with the MCP headers; {@code headers} may add or override some ({@code sessionId} may be null). */
	public static HttpResponse<String> post(String url, String sessionId, String body, Map<String, String> headers) {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("Accept", "application/json, text/event-stream");
		all.put("Content-Type", "application/json");
		if (sessionId != null) {
			all.put("Mcp-Session-Id", sessionId);
		}
		all.putAll(headers);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofString(body));
		all.forEach(request::header);
		return send(request.build());
	}

	public static HttpResponse<String> post(String url, String sessionId, String body) {
		return post(url, sessionId, body, Map.of());
	}

	public static HttpResponse<String> delete(String url, String sessionId, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).DELETE();
		if (sessionId != null) {
			request.header("Mcp-Session-Id", sessionId);
		}
		headers.forEach(request::header);
		return send(request.build());
	}

	/** Initializes a session and sends {@code notifications/initialized}; returns the session id. */
	public static String initialize(String url, Map<String, String> headers) {
		HttpResponse<String> response = post(url, null, INITIALIZE, headers);
		if (response.statusCode() != 200) {
			throw new AssertionError("initialize answered " + response.statusCode() + ": " + response.body());
		}
		String sessionId = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
		post(url, sessionId, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", headers);
		return sessionId;
	}

	public static String initialize(String url) {
		return initialize(url, Map.of());
	}

	/** A {@code tools/call} request body. */
	public static String toolCall(int id, String tool) {
		return toolCall(id, tool, Map.of());
	}

	/** A {@code tools/call} request body with string arguments (plain names and values, not escaped). */
	public static String toolCall(int id, String tool, Map<String, String> arguments) {
		StringBuilder json = new StringBuilder();
		arguments.forEach((name, value) -> json.append(json.length() == 0 ? "" : ",")
			.append('"').append(name).append("\":\"").append(value).append('"'));
		return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
				+ "\",\"arguments\":{" + json + "}}}";
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			try {
				return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				if (!String.valueOf(ex.getMessage()).contains("received no bytes")) {
					throw ex;
				}
				// A pooled connection the server had closed (Tomcat closes one after a 503, for one):
				// nothing was read from it, so the request is sent again, as HTTP clients do.
				return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("HTTP request failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
