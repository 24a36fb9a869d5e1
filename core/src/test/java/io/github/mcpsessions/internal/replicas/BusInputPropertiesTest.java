package io.github.mcpsessions.internal.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.mcpsessions.testing.RandomInputs;

/**
 * Whatever arrives on the bus is input: every parser fed from it either reads a message or refuses
 * with its own exception, never anything else (which would reach the listener thread). Properties
 * over seeded random inputs ({@link RandomInputs}).
 */
class BusInputPropertiesTest {

	private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final String BASE64ISH = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/.";

	private final SealedFrames frames = new SealedFrames(SECRET, Clock.systemUTC(), Duration.ofMinutes(2));

	@ParameterizedTest(name = "{index}")
	@MethodSource("frameLike")
	void anyTextOpensOrIsRefused(String text) {
		try {
			this.frames.open(text);
		}
		catch (SealedFrames.RejectedFrameException expected) {
			assertThat(expected.getMessage()).doesNotContain(text.length() > 12 ? text.substring(3) : "\u0000");
		}
	}

	@ParameterizedTest(name = "{index}")
	@MethodSource("anyText")
	void anyTextDecodesOrIsRefused(String text) {
		try {
			SessionMessage.decode(text);
		}
		catch (IllegalArgumentException expected) {
			// refused
		}
	}

	@ParameterizedTest(name = "{index}")
	@MethodSource("messages")
	void anyMessageSurvivesSealingUnchanged(SessionMessage message) {
		assertThat(this.frames.open(this.frames.seal(message))).isEqualTo(message);
	}

	@ParameterizedTest(name = "{index}")
	@MethodSource("notifications")
	void aTruncatedFrameIsRefused(SessionMessage message) {
		String frame = this.frames.seal(message);
		for (int cut : new int[] { 1, frame.length() / 2, frame.length() - 4 }) {
			String truncated = frame.substring(0, Math.max(0, frame.length() - cut));
			assertThatThrownBy(() -> this.frames.open(truncated)).isInstanceOf(SealedFrames.RejectedFrameException.class);
		}
	}

	static Stream<String> frameLike() {
		return RandomInputs.tries(2000, in -> in.oneOf(() -> "m1." + in.stringOf(BASE64ISH, 400),
				() -> in.stringOf(BASE64ISH, 400), () -> in.anyUtf16(400)));
	}

	static Stream<String> anyText() {
		return RandomInputs.tries(2000, in -> in.anyUtf16(200));
	}

	static Stream<SessionMessage> messages() {
		return RandomInputs.tries(500, in -> new SessionMessage(in.oneOf(SessionMessage.Type.values()), id(in), id(in), "m",
				in.anyString(200)));
	}

	static Stream<SessionMessage> notifications() {
		return RandomInputs.tries(500,
				in -> new SessionMessage(SessionMessage.Type.NOTIFICATION, id(in), "o", "m", in.anyString(200)));
	}

	private static String id(RandomInputs in) {
		return in.stringIn('!', '~', 40);
	}

}
