package io.github.mcpsessions.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.mcpsessions.messaging.SessionMessageBus;

/** What every {@link SessionMessageBus} on a real server must survive; each store module runs these. */
public final class BusScenarios {

	private BusScenarios() {
	}

	/**
	 * {@code listener} reaches the server through {@code proxy}, {@code sender} directly. After the
	 * proxy is cut and restored, the listener gets what is sent once it has connected again.
	 */
	public static void aListenerCutByAProxyReceivesLaterMessages(TcpProxy proxy, SessionMessageBus listener,
			SessionMessageBus sender) {
		List<String> received = new CopyOnWriteArrayList<>();
		listener.subscribe(received::add);
		sender.publish("before");
		await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("before"));

		proxy.cut();
		proxy.restore();

		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
			sender.publish("after");
			return received.contains("after");
		});
	}

}
