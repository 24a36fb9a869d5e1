package io.github.mcpsessions.messaging;

import java.util.function.Consumer;

import io.github.mcpsessions.health.Readiness;

/**
 * Carries frames between the replicas of one server: every frame published by any replica reaches
 * every subscriber, the publisher's own included. Delivery is best effort and at most once (a
 * replica that is disconnected when a frame is sent misses it); replicas notice such gaps by their
 * own heartbeats and stop trusting what they cached until they are connected again.
 *
 * <p>A frame is opaque ASCII text of at most {@value #MAX_FRAME_CHARS} characters. The library
 * seals each one (AES-GCM under a secret the replicas share through the session store), so a
 * bus need not be private: whoever can read or write the channel but not the session store learns
 * no session id or client answer and cannot forge a message. Implementations only carry frames;
 * whatever arrives that is not a frame this library sealed is dropped by the receiving side.
 *
 * <p>Implementations are thread-safe; subscribers are called on the bus's own thread and must not
 * block it for long.
 *
 * @since 0.1.0
 */
public interface SessionMessageBus extends AutoCloseable {

	/** Longest frame the library publishes; buses may drop longer text that arrives. */
	int MAX_FRAME_CHARS = 4 * 1024 * 1024;

	/**
	 * Sends a frame to every replica.
	 * @throws io.github.mcpsessions.repository.SessionStoreException if the messaging service cannot be reached
	 */
	void publish(String frame);

	/** Adds a subscriber that receives every frame published from now on, as it was published. */
	void subscribe(Consumer<String> subscriber);

	/**
	 * Whether this bus is connected and subscribed: one built while its server is down is not ready
	 * until it subscribed in the background (after that, a lost connection shows in the replicas'
	 * heartbeats). Cheap: no call to the server. Default: ready.
	 */
	default Readiness readiness() {
		return Readiness.READY;
	}

	/** Stops delivering and releases connections this bus opened. */
	@Override
	void close();

}
