package io.github.mcpsessions.internal.replicas;

import java.util.Objects;

/**
 * One message between replicas about one session: what happened ({@link Type}), which session,
 * which replica sent it, a message id, and a payload (JSON text, or empty). Travels sealed
 * ({@link SealedFrames}).
 *
 * @param type what the message asks or tells
 * @param sessionId the session it concerns; empty for messages about every session
 * @param origin the id of the replica that sent it
 * @param messageId unique per message, for answers such as {@link Type#RESPONSE_CLAIMED}
 * @param payload JSON text whose shape depends on the type; never {@code null}
 */
record SessionMessage(Type type, String sessionId, String origin, String messageId, String payload) {

	/** What a message asks or tells. */
	public enum Type {

		/** A client's answer to a server-to-client request (payload: the JSON-RPC response) that arrived at a replica not waiting for it. */
		CLIENT_RESPONSE,

		/** The replica waiting for {@link #CLIENT_RESPONSE} {@code messageId} got it. */
		RESPONSE_CLAIMED,

		/** A notification for the session's listening stream (payload: {@code {"method":..., "params":...}}). */
		NOTIFICATION,

		/** A notification for every session's listening stream. */
		BROADCAST_NOTIFICATION,

		/** The session was deleted or expired: drop it and forget cached copies. */
		SESSION_ENDED,

		/** The session subscribed to, or unsubscribed from, a resource (payload: {@code {"uri":..., "subscribed":...}}). */
		SUBSCRIPTION_CHANGED,

		/** A replica checking that its own messages come back to it: the bus works for it. */
		HEARTBEAT,

		/**
		 * A change of a 2026-07-28 server's tools, prompts or resources, for {@code subscriptions/listen}
		 * (payload: the notification's method, a line break, the resource URI if any).
		 */
		SERVER_CHANGE,

		/**
		 * An event stored in a resumable SSE stream, for a client that resumed the stream on another
		 * replica (payload: {@code {"stream":..., "id":..., "data":...}}).
		 */
		STREAM_EVENT

	}

	private static final char SEPARATOR = '\n';

	SessionMessage {
		Objects.requireNonNull(type, "type");
		sessionId = sessionId == null ? "" : sessionId;
		Objects.requireNonNull(origin, "origin");
		Objects.requireNonNull(messageId, "messageId");
		payload = payload == null ? "" : payload;
		if (sessionId.indexOf(SEPARATOR) >= 0 || origin.indexOf(SEPARATOR) >= 0 || messageId.indexOf(SEPARATOR) >= 0) {
			throw new IllegalArgumentException("ids must not contain line breaks");
		}
	}

	/** This message as one string for the wire: the fields on lines of their own, the payload last. */
	String encode() {
		return this.type.name() + SEPARATOR + this.sessionId + SEPARATOR + this.origin + SEPARATOR + this.messageId
				+ SEPARATOR + this.payload;
	}

	/**
	 * Reads a message written by {@link #encode()}.
	 * @throws IllegalArgumentException if {@code text} is not one
	 */
	static SessionMessage decode(String text) {
		String[] parts = text.split(String.valueOf(SEPARATOR), 5);
		if (parts.length != 5) {
			throw new IllegalArgumentException("Not a session message: " + text.length() + " characters, "
					+ parts.length + " fields");
		}
		Type type;
		try {
			type = Type.valueOf(parts[0]);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Not a session message: unknown type of " + parts[0].length() + " characters");
		}
		return new SessionMessage(type, parts[1], parts[2], parts[3], parts[4]);
	}

	/** Never prints the payload or the full session id. */
	@Override
	public String toString() {
		return "SessionMessage[" + this.type + ", session=" + (this.sessionId.length() > 8 ? this.sessionId.substring(0, 8) + "…"
				: this.sessionId) + ", from=" + this.origin + ", payload=" + this.payload.length() + " chars]";
	}

}
