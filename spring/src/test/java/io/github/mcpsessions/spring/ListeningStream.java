package io.github.mcpsessions.spring;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/** A client's listening (GET) stream of one session, opened with raw HTTP: every line it hears is kept. */
final class ListeningStream implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final CompletableFuture<HttpResponse<Void>> response;

	private volatile boolean ended;

	ListeningStream(String url, String sessionId) {
		HttpRequest listen = HttpRequest.newBuilder(URI.create(url))
			.header("Accept", "text/event-stream")
			.header("Mcp-Session-Id", sessionId)
			.GET()
			.build();
		this.response = HTTP.sendAsync(listen, HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {

			@Override
			public void onSubscribe(Flow.Subscription subscription) {
				subscription.request(Long.MAX_VALUE);
			}

			@Override
			public void onNext(String line) {
				ListeningStream.this.lines.add(line);
			}

			@Override
			public void onError(Throwable throwable) {
				ListeningStream.this.ended = true;
			}

			@Override
			public void onComplete() {
				ListeningStream.this.ended = true;
			}

		}));
	}

	/** Whether a line of the stream contains {@code text}. */
	boolean heard(String text) {
		return this.lines.stream().anyMatch(line -> line.contains(text));
	}

	/** Whether the server ended the stream. */
	boolean ended() {
		return this.ended;
	}

	@Override
	public void close() {
		this.response.cancel(true);
	}

}
