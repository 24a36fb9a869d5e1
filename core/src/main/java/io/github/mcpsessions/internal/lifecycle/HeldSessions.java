package io.github.mcpsessions.internal.lifecycle;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions held by every decorated provider in this JVM, by id: how
 * {@link io.github.mcpsessions.McpSessions} finds a tool call's session from the id the SDK's
 * exchange gives it. Entries come and go with the SDK's session objects.
 *
 * <p>If two providers in one JVM hold the same session at once (a test standing in for two
 * replicas), the one that built it last answers.
 *
 * @since 0.1.0
 */
public final class HeldSessions {

	private static final ConcurrentHashMap<String, HeldSession> SESSIONS = new ConcurrentHashMap<>();

	private HeldSessions() {
	}

	public static void register(HeldSession session) {
		SESSIONS.put(session.id(), session);
	}

	public static void unregister(HeldSession session) {
		SESSIONS.remove(session.id(), session);
	}

	/** The session with this id held in this JVM, or {@code null}. */
	public static HeldSession get(String id) {
		return id == null ? null : SESSIONS.get(id);
	}

}
