package io.github.mcpsessions.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.CountingSessionRepository;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.RawSocketHttp;
import io.github.mcpsessions.testing.TestMcpServer;
import io.modelcontextprotocol.json.McpJsonDefaults;

/**
 * 10,000 generated hostile requests (garbage, oversized, non-UTF-8 and SQL-like session ids; bodies
 * that are not JSON, huge or deeply nested; wrong methods and headers) while a good client keeps
 * calling a tool: each hostile request gets a 4xx with a JSON-RPC error and no stack trace, none
 * with a malformed id reaches the store, nothing is logged at ERROR, and the good client is served.
 */
class HostileInputTest {

	private static final int REQUESTS = 10_000;

	private static final String[] SQL_LIKE = { "' OR '1'='1", "x'; DROP TABLE mcp_session; --", "1 UNION SELECT * FROM pg_user",
			"\\\"; DELETE FROM mcp_session WHERE 1=1; --", "%27%20OR%201%3D1", "$(reboot)", "../../etc/passwd", "${jndi:ldap://x/a}" };

	/** OPTIONS is a legitimate method (CORS pre-flight); TRACE is refused by Tomcat itself before any servlet. */
	private static final String[] METHODS = { "PUT", "PATCH", "PROPFIND", "CONNECT-ME", "LOCK" };

	private final CountingSessionRepository store = new CountingSessionRepository(new InMemorySessionRepository());

	private final TestMcpServer server = TestMcpServer.builder(this.store).start();

	private final ErrorEvents errors = new ErrorEvents();

	@AfterEach
	void stop() {
		this.errors.detach();
		this.server.close();
	}

	@Test
	void tenThousandHostileRequestsGetJsonRpcErrorsAndTheGoodClientIsServed() throws Exception {
		String goodSession = RawMcpHttp.initialize(this.server.url());
		this.store.reset();
		AtomicBoolean flooding = new AtomicBoolean(true);
		AtomicInteger goodCalls = new AtomicInteger();
		ConcurrentLinkedQueue<String> goodFailures = new ConcurrentLinkedQueue<>();
		Thread goodClient = new Thread(() -> {
			byte[] head = head("POST", "application/json", "application/json, text/event-stream",
					goodSession.getBytes(StandardCharsets.US_ASCII));
			while (flooding.get()) {
				RawSocketHttp.Reply reply = RawSocketHttp.send(this.server.port(), head, toolCall());
				if (reply.status() != 200 || !reply.bodyText().contains(goodSession)) {
					goodFailures.add(reply.status() + " " + reply.bodyText());
				}
				goodCalls.incrementAndGet();
			}
		});
		goodClient.start();

		ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Future<?>> work = new ArrayList<>();
		CountDownLatch started = new CountDownLatch(1);
		for (int worker = 0; worker < 4; worker++) {
			long seed = worker;
			work.add(pool.submit(() -> {
				Random random = new Random(seed);
				started.countDown();
				for (int i = 0; i < REQUESTS / 4; i++) {
					Hostile request = hostile(random);
					RawSocketHttp.Reply reply = RawSocketHttp.send(this.server.port(), request.head(), request.body());
					String problem = check(request, reply);
					if (problem != null) {
						wrong.add(request.kind() + ": " + problem);
					}
				}
			}));
		}
		for (Future<?> future : work) {
			future.get(120, TimeUnit.SECONDS);
		}
		pool.shutdown();
		flooding.set(false);
		goodClient.join();

		assertThat(wrong).as("hostile requests answered wrongly").isEmpty();
		assertThat(this.store.calls("findById")).as("store lookups for malformed ids").isZero();
		assertThat(this.store.calls("save") + this.store.calls("deleteById")).isZero();
		assertThat(this.errors.events).as("ERROR-level log events").isEmpty();
		assertThat(goodFailures).isEmpty();
		assertThat(goodCalls.get()).isPositive();
		assertThat(RawMcpHttp.post(this.server.url(), goodSession, RawMcpHttp.toolCall(1, "whoami")).statusCode()).isEqualTo(200);
	}

	private record Hostile(String kind, byte[] head, byte[] body, boolean expectsBody) {
	}

	private static String check(Hostile request, RawSocketHttp.Reply reply) {
		if (reply.status() < 400 || reply.status() >= 500) {
			return "status " + reply.status() + " " + abbreviated(reply.bodyText());
		}
		String body = reply.bodyText();
		if (body.contains("Exception") || body.contains("\tat ") || body.contains("stackTrace")) {
			return "internals in " + abbreviated(body);
		}
		if (!request.expectsBody()) {
			return null;
		}
		try {
			Object parsed = McpJsonDefaults.getMapper().readValue(body, Object.class);
			if (!(parsed instanceof Map<?, ?> message) || !"2.0".equals(message.get("jsonrpc"))
					|| !(message.get("error") instanceof Map<?, ?>)) {
				return "not a JSON-RPC error: " + abbreviated(body);
			}
		}
		catch (Exception ex) {
			return "not JSON (" + reply.status() + "): " + abbreviated(body);
		}
		return null;
	}

	private static String abbreviated(String text) {
		return text.length() > 300 ? text.substring(0, 300) + "..." : text;
	}

	private static Hostile hostile(Random random) {
		int kind = random.nextInt(9);
		return switch (kind) {
			case 0 -> post("random id", randomAscii(random, 1 + random.nextInt(200)), toolCall());
			case 1 -> post("oversized id", randomAscii(random, 129 + random.nextInt(6000)).getBytes(StandardCharsets.US_ASCII), toolCall());
			case 2 -> post("non-UTF-8 id", nonUtf8(random), toolCall());
			case 3 -> post("SQL-like id", SQL_LIKE[random.nextInt(SQL_LIKE.length)], toolCall());
			case 4 -> post("body not JSON", (byte[]) null, randomBytes(random, 1 + random.nextInt(2000)));
			case 5 -> post("deeply nested body", (byte[]) null, nested(1_000 + random.nextInt(50_000)));
			case 6 -> post("huge body", random.nextBoolean() ? null : randomAscii(random, 40).getBytes(StandardCharsets.US_ASCII), huge(random));
			case 7 -> new Hostile("wrong method", head(METHODS[random.nextInt(METHODS.length)], "application/json",
					"application/json, text/event-stream", randomAscii(random, 20).getBytes(StandardCharsets.US_ASCII)),
					toolCall(), true);
			default -> wrongHeaders(random);
		};
	}

	private static Hostile post(String kind, String sessionId, byte[] body) {
		return post(kind, sessionId == null ? null : sessionId.getBytes(StandardCharsets.US_ASCII), body);
	}

	private static Hostile post(String kind, byte[] sessionId, byte[] body) {
		return new Hostile(kind, head("POST", "application/json", "application/json, text/event-stream", sessionId), body, true);
	}

	private static Hostile wrongHeaders(Random random) {
		byte[] sessionId = random.nextBoolean() ? null : randomAscii(random, 10).getBytes(StandardCharsets.US_ASCII);
		return switch (random.nextInt(4)) {
			case 0 -> new Hostile("GET without event-stream", head("GET", null, "application/json", sessionId), new byte[0], true);
			case 1 -> new Hostile("DELETE without id", head("DELETE", null, "*/*", null), new byte[0], true);
			case 2 -> new Hostile("POST as text/plain", head("POST", "text/plain", "text/plain", sessionId), toolCall(), true);
			default -> new Hostile("POST without Accept", head("POST", "application/json", null, sessionId), toolCall(), true);
		};
	}

	private static byte[] head(String method, String contentType, String accept, byte[] sessionId) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes((method + " /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n").getBytes(StandardCharsets.US_ASCII));
		if (contentType != null) {
			out.writeBytes(("Content-Type: " + contentType + "\r\n").getBytes(StandardCharsets.US_ASCII));
		}
		if (accept != null) {
			out.writeBytes(("Accept: " + accept + "\r\n").getBytes(StandardCharsets.US_ASCII));
		}
		if (sessionId != null) {
			out.writeBytes("Mcp-Session-Id: ".getBytes(StandardCharsets.US_ASCII));
			out.writeBytes(sessionId);
			out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		return out.toByteArray();
	}

	private static byte[] toolCall() {
		return RawMcpHttp.toolCall(1, "whoami").getBytes(StandardCharsets.UTF_8);
	}

	/** Visible ASCII without characters that would end a header; never a well-formed id (it has a space or symbol). */
	private static String randomAscii(Random random, int length) {
		StringBuilder text = new StringBuilder(length + 1).append('!');
		for (int i = 0; i < length; i++) {
			text.append((char) (0x21 + random.nextInt(0x7e - 0x21)));
		}
		return text.toString();
	}

	private static byte[] nonUtf8(Random random) {
		byte[] bytes = new byte[16 + random.nextInt(40)];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) (0x80 + random.nextInt(0x80));
		}
		return bytes;
	}

	private static byte[] randomBytes(Random random, int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		bytes[0] = '<';
		return bytes;
	}

	private static byte[] nested(int depth) {
		return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] huge(Random random) {
		return random.nextInt(50) == 0
				? ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"pad\":\""
						+ "x".repeat(4 * 1024 * 1024) + "\"}}").getBytes(StandardCharsets.US_ASCII)
				: ("{\"pad\":\"" + "y".repeat(100_000 + random.nextInt(200_000)) + "\"}").getBytes(StandardCharsets.US_ASCII);
	}

	/** Collects ERROR-level events logged anywhere while the test runs. */
	private static final class ErrorEvents extends AppenderBase<ILoggingEvent> {

		final ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();

		private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

		ErrorEvents() {
			start();
			this.root.addAppender(this);
		}

		@Override
		protected void append(ILoggingEvent event) {
			if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
				String message = event.getFormattedMessage();
				this.events.add(event.getLoggerName() + ": " + (message.length() > 300 ? message.substring(0, 300) : message));
			}
		}

		void detach() {
			this.root.detachAppender(this);
		}

	}

}
