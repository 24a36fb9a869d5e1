package io.github.mcpsessions.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** A raw MCP client of SSE streams, as SEP-1699 describes them: events read as they arrive, a stream resumed with {@code Last-Event-ID}. */
public final class SseClient {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private SseClient() {
	}

	/** POSTs a JSON-RPC message in a session, accepting an SSE answer. */
	public static HttpResponse<Stream<String>> post(String url, String session, String call) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Accept", "application/json, text/event-stream")
			.header("Content-Type", "application/json")
			.header("Mcp-Session-Id", session)
			.POST(HttpRequest.BodyPublishers.ofString(call))
			.build());
	}

	/** GETs the session's stream, resuming after {@code lastEventId}. */
	public static HttpResponse<Stream<String>> get(String url, String session, String lastEventId) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Accept", "text/event-stream")
			.header("Mcp-Session-Id", session)
			.header("Last-Event-ID", lastEventId)
			.GET()
			.build());
	}

	private static HttpResponse<Stream<String>> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Every event of a response, until the server ends it. */
	public static List<Event> readAll(HttpResponse<Stream<String>> response) {
		List<Event> all = new ArrayList<>();
		events(response).forEachRemaining(all::add);
		return all;
	}

	/** The SSE events of a response, as they arrive. */
	public static Iterator<Event> events(HttpResponse<Stream<String>> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		Iterator<String> lines = response.body().iterator();
		return new Iterator<>() {

			private Event next;

			@Override
			public boolean hasNext() {
				if (this.next == null) {
					this.next = read(lines);
				}
				return this.next != null;
			}

			@Override
			public Event next() {
				if (!hasNext()) {
					throw new java.util.NoSuchElementException("the stream ended");
				}
				Event event = this.next;
				this.next = null;
				return event;
			}

		};
	}

	private static Event read(Iterator<String> lines) {
		String id = null;
		String retry = null;
		StringBuilder data = null;
		while (lines.hasNext()) {
			String line = lines.next();
			if (line.isEmpty()) {
				if (data != null || id != null) {
					return new Event(id, retry, data == null ? "" : data.toString());
				}
				continue;
			}
			if (line.startsWith("id:")) {
				id = line.substring(3).strip();
			}
			else if (line.startsWith("retry:")) {
				retry = line.substring(6).strip();
			}
			else if (line.startsWith("data:")) {
				String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
				data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
			}
		}
		return null;
	}

	/** One SSE event: its id and retry fields ({@code null} if absent) and its data. */
	public record Event(String id, String retry, String data) {
	}

}
