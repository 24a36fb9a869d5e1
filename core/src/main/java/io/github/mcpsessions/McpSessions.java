package io.github.mcpsessions;

import java.util.Optional;

import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpSyncServerExchange;

import io.github.mcpsessions.internal.lifecycle.HeldSession;
import io.github.mcpsessions.internal.lifecycle.HeldSessions;
import io.github.mcpsessions.repository.McpSessionRecord;

/**
 * What tool code can ask about its persistent session: its attributes, and whether this process
 * restored it from the store. Works with the exchange the SDK hands every handler; no change to
 * the server's wiring beyond the decorated provider.
 *
 * <pre>{@code
 * (exchange, request) -> {
 *     McpSessions.attributes(exchange).put("cart", cartId);
 *     boolean restored = McpSessions.isRestored(exchange);
 *     ...
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class McpSessions {

	private McpSessions() {
	}

	/** The attributes of the exchange's session. */
	public static SessionAttributes attributes(McpSyncServerExchange exchange) {
		return attributes(exchange.sessionId());
	}

	/** The attributes of the exchange's session. */
	public static SessionAttributes attributes(McpAsyncServerExchange exchange) {
		return attributes(exchange.sessionId());
	}

	/**
	 * The attributes of a session held in this process. Writes block until the store has them; call
	 * from a thread that may block (sync servers run tools on such threads).
	 * @throws IllegalStateException if no decorated provider in this JVM holds the session
	 */
	public static SessionAttributes attributes(String sessionId) {
		HeldSession session = held(sessionId);
		return new StoredSessionAttributes(session.id(), session.lifecycle());
	}

	/** Whether this process rebuilt the exchange's session from the store (after a restart, on another replica, or after the SDK's sweeper evicted it). */
	public static boolean isRestored(McpSyncServerExchange exchange) {
		return isRestored(exchange.sessionId());
	}

	/** Whether this process rebuilt the exchange's session from the store. */
	public static boolean isRestored(McpAsyncServerExchange exchange) {
		return isRestored(exchange.sessionId());
	}

	/** Whether this process rebuilt the session from the store. */
	public static boolean isRestored(String sessionId) {
		return held(sessionId).restored();
	}

	/**
	 * Who the session is bound to (what the adapter's {@code ownerResolver} returned at its
	 * {@code initialize}); empty for a session of an anonymous caller.
	 */
	public static Optional<String> owner(String sessionId) {
		HeldSession session = held(sessionId);
		return session.lifecycle().repository().findById(sessionId).map(McpSessionRecord::owner);
	}

	private static HeldSession held(String sessionId) {
		HeldSession session = HeldSessions.get(sessionId);
		if (session == null) {
			throw new IllegalStateException("No persistent session is held in this process for this exchange; "
					+ "wrap the server's transport provider with PersistentStreamableServletTransportProvider");
		}
		return session;
	}

}
