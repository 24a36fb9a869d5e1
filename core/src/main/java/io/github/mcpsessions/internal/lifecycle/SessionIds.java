package io.github.mcpsessions.internal.lifecycle;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session ids: made from 192 bits of {@link SecureRandom}, URL-safe, and checked for shape before
 * any store is asked about them.
 *
 * @since 0.1.0
 */
public final class SessionIds {

	/** Longest id accepted in an {@code Mcp-Session-Id} header. */
	public static final int MAX_LENGTH = 128;

	/** Shortest id accepted; shorter ones cannot carry 128 bits. */
	public static final int MIN_LENGTH = 16;

	private static final int RANDOM_BYTES = 24;

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private SessionIds() {
	}

	/** A new id: 32 characters of base64url. */
	public static String generate() {
		byte[] bytes = new byte[RANDOM_BYTES];
		RANDOM.nextBytes(bytes);
		return ENCODER.encodeToString(bytes);
	}

	/**
	 * Whether {@code id} could be a session id: {@value #MIN_LENGTH} to {@value #MAX_LENGTH}
	 * characters from {@code A-Z a-z 0-9 - _} (UUIDs from the plain SDK pass too).
	 */
	public static boolean isWellFormed(String id) {
		if (id == null || id.length() < MIN_LENGTH || id.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	/** The first 8 characters and an ellipsis: what logs show instead of a full id. */
	public static String shortForm(String id) {
		if (id == null) {
			return "null";
		}
		return id.length() <= 8 ? id : id.substring(0, 8) + "…";
	}

}
