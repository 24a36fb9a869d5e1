package io.github.mcpsessions.internal.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.github.mcpsessions.testing.MutableClock;

/** Sealed bus frames: what whoever reaches the channel without the secret can see, forge or replay. */
class SealedFramesTest {

	private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-12-01T00:00:00Z"));

	private final SealedFrames frames = new SealedFrames(SECRET, this.clock, Duration.ofMinutes(2));

	private final SessionMessage ended = new SessionMessage(SessionMessage.Type.SESSION_ENDED,
			"SESSIONID-abcdefghijklmnopqrstuv", "replica1", "message-1", "{\"answer\":\"secret input\"}");

	@Test
	void aFrameOpensToTheMessageSealedAndShowsNoneOfIt() {
		String frame = this.frames.seal(this.ended);

		assertThat(this.frames.open(frame)).isEqualTo(this.ended);
		assertThat(frame).startsWith("m1.").doesNotContain("SESSIONID").doesNotContain("secret input")
			.doesNotContain("SESSION_ENDED").matches("[A-Za-z0-9._-]+");
	}

	@Test
	void aFrameSealedUnderAnotherSecretIsRefused() {
		byte[] other = SECRET.clone();
		other[0] ^= 1;
		String forged = new SealedFrames(other, this.clock, Duration.ofMinutes(2)).seal(this.ended);

		assertThatThrownBy(() -> this.frames.open(forged)).isInstanceOf(SealedFrames.RejectedFrameException.class)
			.hasMessageContaining("authentication");
	}

	@Test
	void everyAlteredByteIsRefused() {
		byte[] sealed = Base64.getUrlDecoder().decode(this.frames.seal(this.ended).substring(3));
		for (int i = 0; i < sealed.length; i++) {
			byte[] altered = Arrays.copyOf(sealed, sealed.length);
			altered[i] ^= 0x40;
			String frame = "m1." + Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
			assertThatThrownBy(() -> this.frames.open(frame)).isInstanceOf(SealedFrames.RejectedFrameException.class);
		}
	}

	@Test
	void aFrameReplayedAfterItsAgeIsRefused() {
		String frame = this.frames.seal(this.ended);

		this.clock.advance(Duration.ofMinutes(3));

		assertThatThrownBy(() -> this.frames.open(frame)).isInstanceOf(SealedFrames.RejectedFrameException.class)
			.hasMessageContaining("ago");
	}

	@Test
	void plainTextAndTheOldUnsealedLayoutAreRefused() {
		assertThatThrownBy(() -> this.frames.open("SESSION_ENDED\nid\nr\nm\n")).isInstanceOf(SealedFrames.RejectedFrameException.class);
		assertThatThrownBy(() -> this.frames.open("m1.!!!")).isInstanceOf(SealedFrames.RejectedFrameException.class);
		assertThatThrownBy(() -> this.frames.open("m1.AAAA")).isInstanceOf(SealedFrames.RejectedFrameException.class);
	}

	@Test
	void aShortSecretIsRefusedAtStart() {
		assertThatThrownBy(() -> new SealedFrames(new byte[16], this.clock, Duration.ofMinutes(2)))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
	}

}
