package io.github.mcpsessions.internal.lifecycle;

/**
 * A session this process holds in the SDK right now, as tool code sees it through
 * {@link io.github.mcpsessions.McpSessions}.
 *
 * @param id the session id
 * @param restored whether this process rebuilt the session from its record rather than creating it
 * @param lifecycle the lifecycle (and so the store) the session belongs to
 * @since 0.1.0
 */
public record HeldSession(String id, boolean restored, SessionLifecycle lifecycle) {
}
