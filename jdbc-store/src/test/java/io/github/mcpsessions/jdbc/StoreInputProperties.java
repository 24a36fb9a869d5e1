package io.github.mcpsessions.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.modelcontextprotocol.json.McpJsonDefaults;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Parsers fed from PostgreSQL: notification parts (anyone who can connect may NOTIFY) and the
 * attribute JSON of a row. Whatever they are given, they read it or refuse it in their own way,
 * within their bounds.
 */
class StoreInputProperties {

	@Property(tries = 3000)
	void anyNotificationIsJoinedOrDroppedNeverThrownAndReassemblyStaysBounded(@ForAll("notifications") List<String> payloads) {
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

	@Example
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

	@Property(tries = 300)
	void anyFrameSplitAndShuffledIsJoinedWhole(@ForAll("frames") String frame, @ForAll @IntRange(max = 1000) int seed) {
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

	@Property(tries = 2000)
	void anyAttributeTextIsReadOrRefusedAsUnreadable(@ForAll("jsonish") String text) {
		AttributesJson json = new AttributesJson(McpJsonDefaults.getMapper());
		try {
			assertThat(json.read(text)).doesNotContainValue(null);
		}
		catch (UncheckedIOException expected) {
			// the row mapper turns this into UnreadableRecordException
		}
	}

	@Provide
	Arbitrary<List<String>> notifications() {
		Arbitrary<String> uuid = Arbitraries.of("00000000-0000-0000-0000-000000000000", "11111111-1111-1111-1111-111111111111",
				"not-a-uuid");
		Arbitrary<String> header = net.jqwik.api.Combinators
			.combine(uuid, Arbitraries.integers().between(-1, 10_000), Arbitraries.integers().between(-1, 10_000))
			.as((id, index, count) -> "~" + id + " " + index + " " + count);
		Arbitrary<String> part = net.jqwik.api.Combinators.combine(header, Arbitraries.strings().ofMaxLength(50), Arbitraries.of("\n", "", " "))
			.as((h, text, separator) -> h + separator + text);
		Arbitrary<String> randomPart = Arbitraries.strings().ofMaxLength(60).map(text -> "~" + text);
		return Arbitraries.oneOf(part, randomPart, Arbitraries.strings().ofMaxLength(30)).list().ofMaxSize(60);
	}

	@Provide
	Arbitrary<String> frames() {
		return Arbitraries.integers().between(1, 40_000).map(length -> "m1." + "A".repeat(length));
	}

	@Provide
	Arbitrary<String> jsonish() {
		return Arbitraries.oneOf(Arbitraries.strings().withChars("{}[]\":,0123456789abnul ").ofMaxLength(40),
				Arbitraries.strings().ofMaxLength(40),
				Arbitraries.of("{\"a\":null}", "{\"a\":1}", "{\"a\":{\"b\":\"c\"}}", "[]", "null", "\"x\"", "{\"a\":\"b\"}"));
	}

}
