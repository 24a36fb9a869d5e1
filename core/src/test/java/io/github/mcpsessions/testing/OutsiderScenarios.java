package io.github.mcpsessions.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What whoever reaches the bus's channel but not the store can do to two replicas: learn no session
 * id or client answer from what crosses it, and act on nothing by sending on it.
 */
public final class OutsiderScenarios {

	private OutsiderScenarios() {
	}

	/** The outsider listens while a session is used on both replicas and deleted; it hears only sealed frames. */
	public static void hearsNoSessionId(TestMcpServer a, TestMcpServer b, ChannelOutsider outsider) {
		assertThat(outsider.canReadSessions()).as("the outsider can read the session store").isFalse();
		String sessionId = RawMcpHttp.initialize(a.url());
		assertThat(RawMcpHttp.post(b.url(), sessionId, RawMcpHttp.toolCall(2, "remember",
				Map.of("key", "card", "value", "4111-secret"))).statusCode()).isEqualTo(200);

		assertThat(RawMcpHttp.delete(a.url(), sessionId, Map.of()).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(2)).until(() -> !b.provider().holds(sessionId));
		await().atMost(Duration.ofSeconds(2)).until(() -> outsider.heard().size() >= 2);

		List<String> heard = List.copyOf(outsider.heard());
		assertThat(heard).allSatisfy(raw -> assertThat(raw).doesNotContain(sessionId)
			.doesNotContain(sessionId.substring(0, 12))
			.doesNotContain("SESSION_ENDED")
			.doesNotContain("4111-secret")
			.matches("(?s)(m1\\.|~).*"));
	}

	/**
	 * The outsider sends forged, malformed and oversized messages; both replicas keep serving the
	 * session, and the bus keeps delivering what replicas send (a later DELETE still ends it everywhere).
	 */
	public static void forgesNothing(TestMcpServer a, TestMcpServer b, ChannelOutsider outsider) {
		String sessionId = RawMcpHttp.initialize(a.url());
		assertThat(RawMcpHttp.post(b.url(), sessionId, RawMcpHttp.toolCall(2, "whoami")).statusCode()).isEqualTo(200);

		outsider.send("SESSION_ENDED\n" + sessionId + "\nforger\nm-1\n");
		outsider.send("m1." + "QUJD".repeat(200));
		outsider.send("m1.%%%");
		outsider.send("~x");
		outsider.send("~a 0 2147483647\nx");
		outsider.send("~00000000-0000-0000-0000-000000000000 7 3\nx");
		for (int i = 0; i < 40; i++) {
			outsider.send("~" + java.util.UUID.randomUUID() + " 0 500\n" + "A".repeat(1000));
		}
		outsider.send("x".repeat(7000));
		try {
			outsider.send("m1." + "A".repeat(io.github.mcpsessions.messaging.SessionMessageBus.MAX_FRAME_CHARS + 1));
		}
		catch (RuntimeException refusedByTheTransport) {
			// PostgreSQL refuses a notification over 8000 bytes itself.
		}
		// Replays of genuine frames heard so far (heartbeats, the session's traffic) are dropped as seen.
		await().atMost(Duration.ofSeconds(2)).until(() -> !outsider.heard().isEmpty());
		List.copyOf(outsider.heard()).forEach(outsider::send);

		assertThat(RawMcpHttp.post(a.url(), sessionId, RawMcpHttp.toolCall(3, "whoami")).statusCode()).isEqualTo(200);
		assertThat(RawMcpHttp.post(b.url(), sessionId, RawMcpHttp.toolCall(4, "whoami")).statusCode()).isEqualTo(200);
		assertThat(b.provider().holds(sessionId)).isTrue();

		assertThat(RawMcpHttp.delete(a.url(), sessionId, Map.of()).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(2)).until(() -> !b.provider().holds(sessionId));
	}

}
