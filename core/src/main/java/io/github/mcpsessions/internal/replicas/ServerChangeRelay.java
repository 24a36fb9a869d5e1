package io.github.mcpsessions.internal.replicas;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.messaging.SessionMessageBus;

/**
 * Carries server changes (a 2026-07-28 server's list changes and resource updates) between
 * replicas over the replica message bus, sealed like every other frame. Every replica, the sender
 * included, hears each change once, through the bus.
 */
public final class ServerChangeRelay implements AutoCloseable {

	private final String replicaId = UUID.randomUUID().toString().substring(0, 8);

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "mcp-sessions-change-relay");
		thread.setDaemon(true);
		return thread;
	});

	private final BusLink link;

	/**
	 * @param secret the bus secret every replica shares (see {@code BusSecrets})
	 * @param receiver gets the payload of every change any replica sent, on the bus's thread
	 */
	public ServerChangeRelay(SessionMessageBus bus, Supplier<byte[]> secret, Duration heartbeatInterval, Consumer<String> receiver) {
		this.link = new BusLink(bus, secret, this.replicaId, heartbeatInterval, this.scheduler, message -> {
			if (message.type() == SessionMessage.Type.SERVER_CHANGE) {
				receiver.accept(message.payload());
			}
		}, () -> {
		});
	}

	/**
	 * Sends a change to every replica.
	 * @throws io.github.mcpsessions.repository.SessionStoreException if the bus cannot be reached
	 */
	public void send(String payload) {
		this.link.publish(new SessionMessage(SessionMessage.Type.SERVER_CHANGE, "", this.replicaId,
				UUID.randomUUID().toString(), payload));
	}

	/** Whether changes can be sent and received (see {@code BusLink}). */
	public Readiness readiness() {
		return this.link.readiness();
	}

	@Override
	public void close() {
		this.link.close();
		this.scheduler.shutdownNow();
	}

}
