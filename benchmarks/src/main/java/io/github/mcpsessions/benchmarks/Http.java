package io.github.mcpsessions.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The load driver's client: plain {@code java.net.http}, so the client costs the same for both servers. */
final class Http {

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
			+ "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}";

	private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

	/** Opens a session: initialize and the initialized notification; answers its id. */
	String initialize(String url) {
		HttpResponse<String> reply = post(url, null, INITIALIZE);
		String id = reply.headers().firstValue("Mcp-Session-Id").orElseThrow(
				() -> new IllegalStateException("initialize answered " + reply.statusCode() + " " + reply.body()));
		post(url, id, INITIALIZED);
		return id;
	}

	static String toolCall(long id, String tool, String text) {
		return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
				+ "\",\"arguments\":{\"text\":\"" + text + "\"}}}";
	}

	HttpResponse<String> post(String url, String sessionId, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (sessionId != null) {
			request.header("Mcp-Session-Id", sessionId);
		}
		try {
			try {
				return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				if (!String.valueOf(ex.getMessage()).contains("received no bytes")) {
					throw ex;
				}
				// A kept-alive connection the server had just closed: nothing was read, so send again.
				return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
