package io.github.mcpsessions.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import io.modelcontextprotocol.json.McpJsonDefaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.mcpsessions.testing.RandomInputs;

/**
 * Parsers fed from PostgreSQL: notification parts (anyone who can connect may NOTIFY) and the
 * attribute JSON of a row. Whatever they are given, they read it or refuse it in their own way,
 * within their bounds. Properties over seeded random inputs ({@link RandomInputs}).
 */
class StoreInputPropertiesTest {

	@ParameterizedTest(name = "{index}")
	@MethodSource("notifications")
	void anyNotificationIsJoinedOrDroppedNeverThrownAndReassemblyStaysBounded(List<String> payloads) {
		List<String> dropped = new ArrayList<>();
		NotificationParts parts = new NotificationParts(dropped::add);
		for (String payload : payloads) {
			if (NotificationParts.isPart(payload)) {
				parts.join(payload);
			}
			assertThat(parts.incompleteCount()).isLessThanOrEqualTo(NotificationParts.MAX_INCOMPLETE);
			assertThat(parts.bufferedChars()).isBetween(0, NotificationParts.MAX_BUFFERED_CHARS);
		}
		parts.dropStale(System.nanoTime() + 31_000_000_000L);
		assertThat(parts.incompleteCount()).isZero();
		assertThat(parts.bufferedChars()).isZero();
	}

	@Test
	void aFloodOfLargePartsHoldsAtMostTwoFramesOfText() {
		List<String> dropped = new ArrayList<>();
		NotificationParts parts = new NotificationParts(dropped::add);
		String text = "A".repeat(NotificationParts.PART_CHARS);
		for (int i = 0; i < 4_000; i++) {
			String id = String.format("00000000-0000-0000-0000-%012d", i % 20);
			parts.join("~" + id + " " + (i / 20) + " " + NotificationParts.MAX_PARTS + "\n" + text);
		}
		assertThat(parts.bufferedChars()).isLessThanOrEqualTo(NotificationParts.MAX_BUFFERED_CHARS);
		assertThat(parts.incompleteCount()).isLessThanOrEqualTo(NotificationParts.MAX_INCOMPLETE);
		assertThat(dropped).isNotEmpty();
	}

	@ParameterizedTest(name = "{index}")
	@MethodSource("frames")
	void anyFrameSplitAndShuffledIsJoinedWhole(String frame, int seed) {
		List<String> notifications = new ArrayList<>(NotificationParts.split(frame));
		assertThat(notifications).allSatisfy(notification -> assertThat(notification.length()).isLessThanOrEqualTo(7900));
		if (notifications.size() == 1) {
			assertThat(notifications.get(0)).isEqualTo(frame);
			return;
		}
		Collections.shuffle(notifications, new Random(seed));
		NotificationParts parts = new NotificationParts(reason -> {
			throw new AssertionError(reason);
		});
		String whole = null;
		for (String notification : notifications) {
			whole = parts.join(notification);
		}
		assertThat(whole).isEqualTo(frame);
		assertThat(parts.incompleteCount()).isZero();
		assertThat(parts.bufferedChars()).isZero();
	}

	@ParameterizedTest(name = "{index}")
	@MethodSource("jsonish")
	void anyAttributeTextIsReadOrRefusedAsUnreadable(String text) {
		AttributesJson json = new AttributesJson(McpJsonDefaults.getMapper());
		try {
			assertThat(json.read(text)).doesNotContainValue(null);
		}
		catch (UncheckedIOException expected) {
			// the row mapper turns this into UnreadableRecordException
		}
	}

	static Stream<List<String>> notifications() {
		return RandomInputs.tries(3000, in -> in.listOf(60, () -> in.oneOf(() -> {
			String header = "~" + in.oneOf("00000000-0000-0000-0000-000000000000", "11111111-1111-1111-1111-111111111111",
					"not-a-uuid") + " " + in.intBetween(-1, 10_000) + " " + in.intBetween(-1, 10_000);
			return header + in.oneOf("\n", "", " ") + in.anyString(50);
		}, () -> "~" + in.anyString(60), () -> in.anyString(30))));
	}

	static Stream<Arguments> frames() {
		return RandomInputs.tries(300,
				in -> Arguments.of("m1." + "A".repeat(in.intBetween(1, 40_000)), in.intBetween(0, 1000)));
	}

	static Stream<String> jsonish() {
		return RandomInputs.tries(2000, in -> in.oneOf(() -> in.stringOf("{}[]\":,0123456789abnul ", 40),
				() -> in.anyString(40),
				() -> in.oneOf("{\"a\":null}", "{\"a\":1}", "{\"a\":{\"b\":\"c\"}}", "[]", "null", "\"x\"", "{\"a\":\"b\"}")));
	}

}
