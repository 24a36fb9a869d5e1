package io.github.mcpsessions.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;

import io.github.mcpsessions.events.EventStore;
import io.github.mcpsessions.events.InMemoryEventStore;
import io.github.mcpsessions.internal.streams.RequestStreamResumption;
import io.github.mcpsessions.internal.streams.ResumableStreams;
import io.github.mcpsessions.messaging.InProcessSessionMessageBus;
import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.testing.SseClient.Event;

/**
 * Resumable SSE streams (SEP-1699), for every adapter, with a raw client doing what the
 * specification says: a priming event first, then a stream resumed with {@code GET} and
 * {@code Last-Event-ID} on another replica, after a cut connection and after a restart; every event
 * once, in order, and the result; a quick answer stored nowhere; a call whose replica went silent
 * ended with an error. Replicas share a store, a bus and an event store, as real ones do.
 */
public abstract class ResumableStreamsContract {

	/** A running replica of the adapter under test. */
	public interface Server extends AutoCloseable {

		String url();

		int port();

		/** Stops the replica's heartbeats on the bus (as a crashed replica's stop), its calls still held. */
		void goSilent();

		@Override
		void close();

	}

	/** What a replica is started with: all replicas of a test get the same store, bus and event store. */
	public record Setup(SessionRepository repository, SessionMessageBus bus, EventStore events,
			List<McpServerFeatures.SyncToolSpecification> tools, String[] pollingTools) {
	}

	/** Starts a replica of the adapter under test (SSE retry 100 ms, bus heartbeat at most 200 ms). */
	protected abstract Server start(Setup setup);

	private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
			+ "{\"name\":\"slow\",\"arguments\":{},\"_meta\":{\"progressToken\":\"t1\"}}}";

	private static final String QUICK_CALL = "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":"
			+ "{\"name\":\"quick\",\"arguments\":{}}}";

	private final InMemorySessionRepository repository = new InMemorySessionRepository();

	private final InProcessSessionMessageBus bus = new InProcessSessionMessageBus();

	private final CountingEventStore events = new CountingEventStore(new InMemoryEventStore());

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopServers() throws Exception {
		this.release.countDown();
		for (AutoCloseable closeable : this.open) {
			closeable.close();
		}
	}

	@Test
	void aPollingCallEndsItsStreamAfterPrimingAndIsResumedOnAnotherReplica() {
		Server a = start("slow");
		Server b = start("slow");
		String session = RawMcpHttp.initialize(a.url());

		List<Event> first = readAll(post(a.url(), session));
		assertThat(first).hasSize(1);
		assertThat(first.get(0).data()).isEmpty();
		assertThat(first.get(0).retry()).isEqualTo("100");
		Iterator<Event> resumed = stream(get(b.url(), session, first.get(0).id()));
		Event progressOne = resumed.next();
		this.release.countDown();
		List<Event> rest = new ArrayList<>(List.of(progressOne));
		resumed.forEachRemaining(rest::add);

		assertThat(rest).extracting(Event::data)
			.satisfiesExactly(data -> assertThat(data).contains("\"progress\":1.0").contains("first"),
					data -> assertThat(data).contains("\"progress\":2.0").contains("second"),
					data -> assertThat(data).contains("\"id\":7").contains("done"));
		assertThat(rest).extracting(event -> ResumableStreams.sequence(event.id())).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void aStreamCutByTheNetworkIsResumedOnAnotherReplicaWithWhatItMissed() throws IOException {
		Server a = start();
		Server b = start();
		TcpProxy proxy = new TcpProxy("127.0.0.1", a.port());
		this.open.add(proxy);
		String session = RawMcpHttp.initialize(a.url());

		Iterator<Event> cut = stream(post("http://127.0.0.1:" + proxy.port() + "/mcp", session));
		Event priming = cut.next();
		Event progressOne = cut.next();
		proxy.cut();
		this.release.countDown();
		List<Event> missed = readAll(get(b.url(), session, progressOne.id()));

		assertThat(priming.data()).isEmpty();
		assertThat(progressOne.data()).contains("first");
		assertThat(missed).extracting(Event::data)
			.satisfiesExactly(data -> assertThat(data).contains("second"), data -> assertThat(data).contains("done"));
	}

	@Test
	void aStreamIsReplayedAfterTheServerRestarted() {
		this.release.countDown();
		Server a = start();
		String session = RawMcpHttp.initialize(a.url());
		List<Event> all = readAll(post(a.url(), session));
		a.close();
		Server restarted = start();

		List<Event> replayed = readAll(get(restarted.url(), session, all.get(1).id()));

		assertThat(all).extracting(Event::data).hasSize(4);
		assertThat(replayed).containsExactlyElementsOf(all.subList(2, 4));
	}

	@Test
	void aQuickAnswerIsWrittenWithoutAnIdAndNothingIsStored() {
		Server a = start();
		String session = RawMcpHttp.initialize(a.url());

		List<Event> answer = readAll(post(a.url(), session, QUICK_CALL));

		assertThat(answer).singleElement().satisfies(event -> {
			assertThat(event.id()).isNull();
			assertThat(event.data()).contains("\"id\":8").contains("quick answer");
		});
		assertThat(this.events.appends()).isZero();
	}

	@Test
	void aCallWhoseReplicaStoppedEndsWithAnErrorForItsRequestWhenResumed() throws IOException {
		Server a = start();
		Server b = start();
		TcpProxy proxy = new TcpProxy("127.0.0.1", a.port());
		this.open.add(proxy);
		String session = RawMcpHttp.initialize(a.url());
		Iterator<Event> cut = stream(post("http://127.0.0.1:" + proxy.port() + "/mcp", session, CALL));
		cut.next();
		Event progressOne = cut.next();
		proxy.cut();

		a.goSilent();
		List<Event> resumed = readAll(get(b.url(), session, progressOne.id()));

		assertThat(resumed).singleElement().satisfies(event -> {
			assertThat(event.id()).isNotNull();
			assertThat(event.data()).contains("\"id\":7").contains("\"code\":" + RequestStreamResumption.PRODUCER_GONE);
		});
		assertThat(readAll(get(b.url(), session, progressOne.id()))).containsExactlyElementsOf(resumed);
	}

	@Test
	void anUnknownLastEventIdGetsAFreshListeningStream() {
		Server a = start();
		String session = RawMcpHttp.initialize(a.url());

		HttpResponse<Stream<String>> response = get(a.url(), session, "p" + "A".repeat(22) + "_3");

		assertThat(response.statusCode()).isEqualTo(200);
		Event priming = stream(response).next();
		assertThat(priming.data()).isEmpty();
		assertThat(priming.id()).startsWith("g");
		response.body().close();
	}

	private Server start(String... pollingTools) {
		Server server = start(new Setup(this.repository, this.bus, this.events, List.of(slowTool(), quickTool()),
				pollingTools));
		this.open.add(server);
		return server;
	}

	private static McpServerFeatures.SyncToolSpecification quickTool() {
		return McpServerFeatures.SyncToolSpecification.builder()
			.tool(McpSchema.Tool.builder().name("quick").inputSchema(McpJsonDefaults.getMapper(), "{\"type\":\"object\"}").build())
			.callHandler((exchange, request) -> McpSchema.CallToolResult.builder().addTextContent("quick answer").build())
			.build();
	}

	/** Reports progress, waits for the test, reports again, answers. */
	private McpServerFeatures.SyncToolSpecification slowTool() {
		return McpServerFeatures.SyncToolSpecification.builder()
			.tool(McpSchema.Tool.builder().name("slow").inputSchema(McpJsonDefaults.getMapper(), "{\"type\":\"object\"}").build())
			.callHandler((exchange, request) -> {
				Object token = request.meta().get("progressToken");
				exchange.progressNotification(new McpSchema.ProgressNotification(token, 1.0, 2.0, "first"));
				try {
					if (!this.release.await(20, TimeUnit.SECONDS)) {
						throw new IllegalStateException("the test did not release the tool");
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				exchange.progressNotification(new McpSchema.ProgressNotification(token, 2.0, 2.0, "second"));
				return McpSchema.CallToolResult.builder().addTextContent("done").build();
			})
			.build();
	}

	private static HttpResponse<Stream<String>> post(String url, String session) {
		return SseClient.post(url, session, CALL);
	}

	private static HttpResponse<Stream<String>> post(String url, String session, String call) {
		return SseClient.post(url, session, call);
	}

	private static HttpResponse<Stream<String>> get(String url, String session, String lastEventId) {
		return SseClient.get(url, session, lastEventId);
	}

	private static List<Event> readAll(HttpResponse<Stream<String>> response) {
		return SseClient.readAll(response);
	}

	private static Iterator<Event> stream(HttpResponse<Stream<String>> response) {
		return SseClient.events(response);
	}

	/** Counts the events stored through it. */
	private static final class CountingEventStore implements EventStore {

		private final EventStore store;

		private final java.util.concurrent.atomic.AtomicInteger appends = new java.util.concurrent.atomic.AtomicInteger();

		CountingEventStore(EventStore store) {
			this.store = store;
		}

		int appends() {
			return this.appends.get();
		}

		@Override
		public String append(String sessionId, String streamId, String data) {
			this.appends.incrementAndGet();
			return this.store.append(sessionId, streamId, data);
		}

		@Override
		public java.util.Optional<Replay> eventsAfter(String sessionId, String lastEventId, int limit) {
			return this.store.eventsAfter(sessionId, lastEventId, limit);
		}

		@Override
		public void deleteSession(String sessionId) {
			this.store.deleteSession(sessionId);
		}

		@Override
		public int deleteOlderThan(java.time.Instant cutoff, int limit) {
			return this.store.deleteOlderThan(cutoff, limit);
		}

	}

}
