package io.github.mcpsessions.internal.sdk;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.modelcontextprotocol.spec.McpStreamableServerSession;

/**
 * The SDK provider's own map of live sessions, read by reflection ({@link SdkInternals#liveSessions}):
 * the only place this library writes to it. A session is put in only when it was rebuilt from its
 * record by the server's own session factory (the direct restore of the filter adapters), and taken
 * out only when its record is gone (ended here or on another replica, or never saved).
 */
public final class SdkSessionMap {

	private final Map<String, McpStreamableServerSession> sessions;

	/**
	 * @throws io.github.mcpsessions.IncompatibleSdkException if the provider has no such map
	 */
	public SdkSessionMap(Object sdkProvider) {
		this.sessions = SdkInternals.liveSessions(Objects.requireNonNull(sdkProvider, "sdkProvider"));
	}

	public boolean holds(String sessionId) {
		return sessionId != null && this.sessions.containsKey(sessionId);
	}

	public McpStreamableServerSession get(String sessionId) {
		return this.sessions.get(sessionId);
	}

	public int size() {
		return this.sessions.size();
	}

	/** The ids held now, copied. */
	public List<String> ids() {
		return List.copyOf(this.sessions.keySet());
	}

	/** The sessions held now, as the SDK's map shows them (read only). */
	public Collection<McpStreamableServerSession> sessions() {
		return java.util.Collections.unmodifiableCollection(this.sessions.values());
	}

	/** Adds a session the server's factory rebuilt from its record under the original id. */
	public void putRestored(String sessionId, McpStreamableServerSession session) {
		this.sessions.put(sessionId, session);
	}

	/** Takes a session out and closes it gracefully; nothing happens if it is not held. */
	public boolean remove(String sessionId) {
		McpStreamableServerSession session = sessionId == null ? null : this.sessions.remove(sessionId);
		if (session == null) {
			return false;
		}
		session.closeGracefully().onErrorComplete().subscribe();
		return true;
	}

}
