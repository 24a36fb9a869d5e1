package io.github.mcpsessions.internal.replicas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.github.mcpsessions.messaging.SessionMessageBus;

/**
 * Seals {@link SessionMessage}s into bus frames and opens them: AES-256-GCM under a key derived
 * from the replicas' shared secret, so a frame is confidential and cannot be forged or altered by
 * whoever reaches the channel without the secret. A frame carries the time it was sealed; frames
 * older (or further ahead) than {@code maxAge} are refused, which bounds replays. Thread-safe.
 *
 * <p>Frame: {@code m1.} then base64url of nonce (12 bytes), ciphertext and tag; the plaintext is
 * the sealing time (8 bytes, epoch millis) followed by the message's UTF-8 encoding.
 */
final class SealedFrames {

	static final String PREFIX = "m1.";

	private static final byte[] KEY_LABEL = "mcp-sessions bus frames v1".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] AAD = PREFIX.getBytes(StandardCharsets.US_ASCII);

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final int MIN_SEALED_BYTES = NONCE_BYTES + Long.BYTES + TAG_BITS / 8;

	private final SecretKeySpec key;

	private final Clock clock;

	private final long maxAgeMillis;

	private final SecureRandom random = new SecureRandom();

	/** @param secret the secret every replica shares, at least 32 bytes */
	SealedFrames(byte[] secret, Clock clock, Duration maxAge) {
		if (secret == null || secret.length < 32) {
			throw new IllegalArgumentException("The message bus secret must be at least 32 bytes");
		}
		this.key = new SecretKeySpec(derive(secret), "AES");
		this.clock = clock;
		this.maxAgeMillis = maxAge.toMillis();
	}

	private static byte[] derive(byte[] secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			return mac.doFinal(KEY_LABEL);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available in this JVM", ex);
		}
	}

	String seal(SessionMessage message) {
		byte[] text = message.encode().getBytes(StandardCharsets.UTF_8);
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		ByteBuffer plain = ByteBuffer.allocate(Long.BYTES + text.length);
		plain.putLong(this.clock.millis()).put(text);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce);
			byte[] sealed = cipher.doFinal(plain.array());
			ByteBuffer frame = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
			return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(frame.array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM failed to seal a bus message", ex);
		}
	}

	/**
	 * Opens a frame sealed by any replica sharing the secret.
	 * @throws RejectedFrameException naming why the frame is refused (never its content)
	 */
	SessionMessage open(String frame) {
		if (frame == null || !frame.startsWith(PREFIX)) {
			throw new RejectedFrameException("is not a sealed frame");
		}
		if (frame.length() > SessionMessageBus.MAX_FRAME_CHARS) {
			throw new RejectedFrameException("is longer than " + SessionMessageBus.MAX_FRAME_CHARS + " characters");
		}
		byte[] bytes;
		try {
			bytes = Base64.getUrlDecoder().decode(frame.substring(PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			throw new RejectedFrameException("is not base64url");
		}
		if (bytes.length < MIN_SEALED_BYTES) {
			throw new RejectedFrameException("is too short to be sealed");
		}
		byte[] plain;
		try {
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(bytes, NONCE_BYTES));
			plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
		}
		catch (AEADBadTagException ex) {
			throw new RejectedFrameException("fails authentication (forged, altered, or sealed under another secret)");
		}
		catch (GeneralSecurityException ex) {
			throw new RejectedFrameException("cannot be opened: " + ex.getClass().getSimpleName());
		}
		ByteBuffer buffer = ByteBuffer.wrap(plain);
		long age = this.clock.millis() - buffer.getLong();
		if (Math.abs(age) > this.maxAgeMillis) {
			throw new RejectedFrameException("was sealed " + age + " ms ago, outside the accepted " + this.maxAgeMillis + " ms");
		}
		try {
			return SessionMessage.decode(new String(plain, Long.BYTES, plain.length - Long.BYTES, StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			throw new RejectedFrameException("does not hold a session message");
		}
	}

	private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(AAD);
		return cipher;
	}

	/** A frame that is refused; its message says why, never what it held. */
	static final class RejectedFrameException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		RejectedFrameException(String reason) {
			super(reason, null, false, false);
		}

	}

}
