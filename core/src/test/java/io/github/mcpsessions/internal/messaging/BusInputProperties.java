package io.github.mcpsessions.internal.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever arrives on the bus is input: every parser fed from it either reads a message or refuses
 * with its own exception, never anything else (which would reach the listener thread).
 */
class BusInputProperties {

	private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private final SealedFrames frames = new SealedFrames(SECRET, Clock.systemUTC(), Duration.ofMinutes(2));

	@Property(tries = 2000)
	void anyTextOpensOrIsRefused(@ForAll("frameLike") String text) {
		try {
			this.frames.open(text);
		}
		catch (SealedFrames.RejectedFrameException expected) {
			assertThat(expected.getMessage()).doesNotContain(text.length() > 12 ? text.substring(3) : "\u0000");
		}
	}

	@Property(tries = 2000)
	void anyTextDecodesOrIsRefused(@ForAll String text) {
		try {
			SessionMessage.decode(text);
		}
		catch (IllegalArgumentException expected) {
			// refused
		}
	}

	@Property(tries = 500)
	void anyMessageSurvivesSealingUnchanged(@ForAll SessionMessage.Type type, @ForAll("ids") String sessionId,
			@ForAll("ids") String origin, @ForAll String payload) {
		SessionMessage message = new SessionMessage(type, sessionId, origin, "m", payload);

		assertThat(this.frames.open(this.frames.seal(message))).isEqualTo(message);
	}

	@Property(tries = 500)
	void aTruncatedFrameIsRefused(@ForAll("ids") String sessionId, @ForAll String payload) {
		String frame = this.frames.seal(new SessionMessage(SessionMessage.Type.NOTIFICATION, sessionId, "o", "m", payload));
		for (int cut : new int[] { 1, frame.length() / 2, frame.length() - 4 }) {
			String truncated = frame.substring(0, Math.max(0, frame.length() - cut));
			assertThatThrownBy(() -> this.frames.open(truncated)).isInstanceOf(SealedFrames.RejectedFrameException.class);
		}
	}

	@Provide
	Arbitrary<String> frameLike() {
		Arbitrary<String> base64ish = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/.")
			.ofMaxLength(400);
		return Arbitraries.oneOf(base64ish.map(tail -> "m1." + tail), base64ish, Arbitraries.strings());
	}

	@Provide
	Arbitrary<String> ids() {
		return Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40);
	}

}
