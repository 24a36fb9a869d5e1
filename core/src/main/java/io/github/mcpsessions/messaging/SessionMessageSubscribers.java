package io.github.mcpsessions.messaging;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscribers of one {@link SessionMessageBus}, for bus implementations: turns what arrived on
 * the wire into a message and hands it to each subscriber, so that one failing subscriber or one
 * foreign message on the channel stops nothing.
 *
 * @since 0.1.0
 */
public final class SessionMessageSubscribers {

	private static final Logger logger = LoggerFactory.getLogger(SessionMessageSubscribers.class);

	private final List<Consumer<SessionMessage>> subscribers = new CopyOnWriteArrayList<>();

	private final String channel;

	/** @param channel where messages come from, for logs */
	public SessionMessageSubscribers(String channel) {
		this.channel = channel;
	}

	public void add(Consumer<SessionMessage> subscriber) {
		this.subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
	}

	/** Decodes {@code wire} (see {@link SessionMessage#encode()}) and delivers it; anything else is logged and dropped. */
	public void deliver(String wire) {
		SessionMessage message;
		try {
			message = SessionMessage.decode(wire);
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Ignoring a message on {} that is not a session message", this.channel);
			return;
		}
		for (Consumer<SessionMessage> subscriber : this.subscribers) {
			try {
				subscriber.accept(message);
			}
			catch (RuntimeException ex) {
				logger.warn("A session message subscriber failed on {}: {}", message, ex.toString());
			}
		}
	}

}
