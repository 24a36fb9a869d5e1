package io.github.mcpsessions.messaging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SessionMessageBus} inside one JVM: for several providers in one process (tests), or a
 * single process that wants the same code path as replicas. Messages are delivered in order on one
 * daemon thread, as a network bus would deliver them.
 *
 * @since 0.1.0
 */
public final class InProcessSessionMessageBus implements SessionMessageBus {

	private static final Logger logger = LoggerFactory.getLogger(InProcessSessionMessageBus.class);

	private final List<Consumer<SessionMessage>> subscribers = new CopyOnWriteArrayList<>();

	private final ExecutorService delivery = Executors.newSingleThreadExecutor(runnable -> {
		Thread thread = new Thread(runnable, "mcp-sessions-bus");
		thread.setDaemon(true);
		return thread;
	});

	@Override
	public void publish(SessionMessage message) {
		String wire = message.encode();
		this.delivery.execute(() -> {
			SessionMessage received = SessionMessage.decode(wire);
			for (Consumer<SessionMessage> subscriber : this.subscribers) {
				try {
					subscriber.accept(received);
				}
				catch (RuntimeException ex) {
					logger.warn("A session message subscriber failed on {}: {}", received, ex.toString());
				}
			}
		});
	}

	@Override
	public void subscribe(Consumer<SessionMessage> subscriber) {
		this.subscribers.add(subscriber);
	}

	@Override
	public void close() {
		this.delivery.shutdownNow();
	}

}
