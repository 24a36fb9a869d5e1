package io.github.mcpsessions.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.repository.SessionStoreException;

/** What every {@link SessionMessageBus} on a real server must survive; each store module runs these. */
public final class BusScenarios {

	private BusScenarios() {
	}

	/**
	 * A bus built while {@code proxy} is cut: building it does not fail, it is not ready and cannot
	 * publish (a store outage); once the proxy is restored it subscribes by itself, says ready and
	 * gets what {@code sender} sends.
	 * @param busThroughProxy builds a new bus that connects through {@code proxy}
	 */
	public static void aBusBuiltWhileItsServerIsDownSubscribesOnceBack(TcpProxy proxy,
			Supplier<? extends SessionMessageBus> busThroughProxy, SessionMessageBus sender) {
		proxy.cut();
		try (SessionMessageBus listener = busThroughProxy.get()) {
			assertThat(listener.readiness().ready()).isFalse();
			assertThat(listener.readiness().reason()).isNotBlank();
			assertThatThrownBy(() -> listener.publish("too early")).isInstanceOf(SessionStoreException.class);
			List<String> received = new CopyOnWriteArrayList<>();
			listener.subscribe(received::add);

			proxy.restore();
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
				.until(() -> listener.readiness().ready());
			await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
				sender.publish("after");
				return received.contains("after");
			});
		}
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
