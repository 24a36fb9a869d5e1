package io.github.mcpsessions.messaging;

import java.util.function.Consumer;

/**
 * Carries {@link SessionMessage}s between the replicas of one server: every message published by
 * any replica reaches every subscriber, the publisher's own included. Delivery is best effort and
 * at most once (a replica that is disconnected when a message is sent misses it), which is what the
 * messages are designed for: each concerns a live stream or a pending request that a disconnected
 * replica cannot serve anyway.
 *
 * <p>Implementations are thread-safe; subscribers are called on the bus's own thread and must not
 * block it for long.
 *
 * @since 0.1.0
 */
public interface SessionMessageBus extends AutoCloseable {

	/**
	 * Sends a message to every replica.
	 * @throws io.github.mcpsessions.repository.SessionStoreException if the messaging service cannot be reached
	 */
	void publish(SessionMessage message);

	/** Adds a subscriber that receives every message published from now on. */
	void subscribe(Consumer<SessionMessage> subscriber);

	/** Stops delivering and releases connections this bus opened. */
	@Override
	void close();

}
