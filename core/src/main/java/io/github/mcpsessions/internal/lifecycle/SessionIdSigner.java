package io.github.mcpsessions.internal.lifecycle;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session ids that prove they were issued by a server holding a shared secret: 16 bytes from
 * {@link SecureRandom} followed by the first 8 bytes of their HMAC-SHA256, as 32 characters of
 * base64url (the shape of unsigned ids). A forged or guessed id is refused before any store is
 * asked, so a flood of made-up ids costs no store lookups. Every replica needs the same secret;
 * ids issued before signing was turned on (or under another secret) are refused as unknown.
 *
 * @since 0.1.0
 */
public final class SessionIdSigner {

	/** Fewest secret bytes accepted. */
	public static final int MIN_SECRET_BYTES = 32;

	private static final int RANDOM_BYTES = 16;

	private static final int TAG_BYTES = 8;

	private static final String ALGORITHM = "HmacSHA256";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec key;

	/**
	 * Signs with {@code secret}.
	 * @throws IllegalArgumentException if it has fewer than {@value #MIN_SECRET_BYTES} bytes
	 */
	public SessionIdSigner(byte[] secret) {
		if (secret == null || secret.length < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException("sessionIdSecret must have at least " + MIN_SECRET_BYTES + " bytes, had "
					+ (secret == null ? 0 : secret.length));
		}
		this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
	}

	/** A new signed id. */
	public String generate() {
		byte[] id = new byte[RANDOM_BYTES + TAG_BYTES];
		byte[] random = new byte[RANDOM_BYTES];
		RANDOM.nextBytes(random);
		System.arraycopy(random, 0, id, 0, RANDOM_BYTES);
		System.arraycopy(tag(random), 0, id, RANDOM_BYTES, TAG_BYTES);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
	}

	/** Whether {@code id} was issued under this secret (compared in constant time). */
	public boolean isIssued(String id) {
		if (id == null || id.length() != 32 || !SessionIds.isWellFormed(id)) {
			return false;
		}
		byte[] bytes;
		try {
			bytes = Base64.getUrlDecoder().decode(id);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		byte[] random = new byte[RANDOM_BYTES];
		byte[] given = new byte[TAG_BYTES];
		System.arraycopy(bytes, 0, random, 0, RANDOM_BYTES);
		System.arraycopy(bytes, RANDOM_BYTES, given, 0, TAG_BYTES);
		byte[] expected = new byte[TAG_BYTES];
		System.arraycopy(tag(random), 0, expected, 0, TAG_BYTES);
		return MessageDigest.isEqual(given, expected);
	}

	private byte[] tag(byte[] random) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			return mac.doFinal(random);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
