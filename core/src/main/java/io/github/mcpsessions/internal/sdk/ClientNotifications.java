package io.github.mcpsessions.internal.sdk;

import reactor.core.publisher.Mono;

/**
 * Where the notifications a server raises go: the SDK provider of this process, or every replica
 * over the message bus when there is one.
 */
public interface ClientNotifications {

	/** Notifies every session. */
	Mono<Void> notifyClients(String method, Object params);

	/** Notifies one session. */
	Mono<Void> notifyClient(String sessionId, String method, Object params);

}
