package io.github.mcpsessions.messaging;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A {@link SessionMessageBus} inside one JVM: for several providers in one process (tests), or a
 * single process that wants the same code path as replicas. Frames are delivered in order on one
 * daemon thread, as a network bus would deliver them.
 *
 * @since 0.1.0
 */
public final class InProcessSessionMessageBus implements SessionMessageBus {

	private final SessionMessageSubscribers subscribers = new SessionMessageSubscribers("the in-process bus");

	private final ExecutorService delivery = Executors.newSingleThreadExecutor(runnable -> {
		Thread thread = new Thread(runnable, "mcp-sessions-bus");
		thread.setDaemon(true);
		return thread;
	});

	@Override
	public void publish(String frame) {
		this.delivery.execute(() -> this.subscribers.deliver(frame));
	}

	@Override
	public void subscribe(Consumer<String> subscriber) {
		this.subscribers.add(subscriber);
	}

	@Override
	public void close() {
		this.delivery.shutdownNow();
	}

}
