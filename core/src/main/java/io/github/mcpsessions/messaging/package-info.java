/**
 * How replicas that share a session store tell each other what only one of them can act on: a
 * client's answer to a request another replica sent, a notification for a stream another replica
 * holds, a session that ended. The transport is the shared store's own messaging (Redis pub/sub,
 * PostgreSQL {@code LISTEN/NOTIFY}), behind {@link io.github.mcpsessions.messaging.SessionMessageBus}.
 */
package io.github.mcpsessions.messaging;
