package io.github.mcpsessions.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.github.mcpsessions.testing.RawMcpHttp;

/**
 * One MCP session calling {@code remember} without pause, a new key with every call, recording
 * what the server acknowledged. A call answered otherwise is either sent again (as a client that
 * retries would) or counted as failed and left (as the strictest client would).
 */
final class WritingClient extends Thread {

	/** What the client does with a call that was not acknowledged. */
	enum OnFailure {

		/** Send the same write again after a short pause (the server may be down). */
		RETRY,

		/** Count it in {@link #failures} and go on with the next key. */
		COUNT

	}

	final String sessionId;

	final Map<String, String> acknowledged = new ConcurrentHashMap<>();

	final ConcurrentLinkedQueue<String> notFound = new ConcurrentLinkedQueue<>();

	final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

	final AtomicInteger calls = new AtomicInteger();

	private final String url;

	private final OnFailure onFailure;

	private final AtomicBoolean running = new AtomicBoolean(true);

	WritingClient(String url, OnFailure onFailure) {
		this.url = url;
		this.onFailure = onFailure;
		this.sessionId = RawMcpHttp.initialize(url);
		setDaemon(true);
	}

	@Override
	public void run() {
		int next = 0;
		while (this.running.get()) {
			String key = "k" + next;
			String value = "v" + next + "-" + this.sessionId.substring(0, 6);
			this.calls.incrementAndGet();
			String failure;
			try {
				HttpResponse<String> reply = RawMcpHttp.post(this.url, this.sessionId,
						RawMcpHttp.toolCall(next, "remember", Map.of("key", key, "value", value)));
				if (reply.statusCode() == 200 && reply.body().contains("\"text\":\"ok\"")) {
					this.acknowledged.put(key, value);
					next++;
					continue;
				}
				if (reply.statusCode() == 404) {
					this.notFound.add(reply.body());
				}
				failure = reply.statusCode() + " " + reply.body();
			}
			catch (IllegalStateException ex) {
				failure = ex.toString();
			}
			if (this.onFailure == OnFailure.COUNT) {
				this.failures.add(failure);
				next++;
			}
			else {
				LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
			}
		}
	}

	/** Stops every client and waits for their last call. */
	static void stopAll(List<WritingClient> clients) throws InterruptedException {
		clients.forEach(client -> client.running.set(false));
		for (WritingClient client : clients) {
			client.join();
		}
	}

	/** Waits until every client had three more calls acknowledged. */
	static void awaitProgress(List<WritingClient> clients) {
		int[] before = clients.stream().mapToInt(client -> client.acknowledged.size()).toArray();
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			for (int i = 0; i < clients.size(); i++) {
				if (clients.get(i).acknowledged.size() < before[i] + 3) {
					return false;
				}
			}
			return true;
		});
	}

	/** Checks that every acknowledged value is in its session's stored attributes, read with one store call per session. */
	static void assertEveryAcknowledgedValueIsStored(java.util.function.Function<String, Map<String, String>> storedAttributes,
			List<WritingClient> clients) {
		for (WritingClient client : clients) {
			assertThat(storedAttributes.apply(client.sessionId)).as("stored attributes of a client's session")
				.containsAllEntriesOf(client.acknowledged);
		}
	}

	/** Reads back every acknowledged value, in its client's session, through {@code url}. */
	static void assertEveryAcknowledgedValueIsThere(String url, List<WritingClient> clients) {
		for (WritingClient client : clients) {
			for (Map.Entry<String, String> written : client.acknowledged.entrySet()) {
				HttpResponse<String> recall = RawMcpHttp.post(url, client.sessionId,
						RawMcpHttp.toolCall(1, "recall", Map.of("key", written.getKey())));
				assertThat(recall.body()).as("value of %s", written.getKey())
					.contains("\"text\":\"" + written.getValue() + "\"");
			}
		}
	}

}
