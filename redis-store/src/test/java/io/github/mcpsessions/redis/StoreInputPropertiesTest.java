package io.github.mcpsessions.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.mcpsessions.repository.UnreadableRecordException;
import io.github.mcpsessions.testing.RandomInputs;

/**
 * A session hash is input: whatever fields it holds, it is read as a record, as absent, or refused
 * as unreadable. A property over seeded random hashes ({@link RandomInputs}).
 */
class StoreInputPropertiesTest {

	private static final List<String> NAMES = List.of(SessionHash.FORMAT_VERSION, SessionHash.PROTOCOL_VERSION,
			SessionHash.CLIENT_INFO, SessionHash.CLIENT_CAPABILITIES, SessionHash.OWNER, SessionHash.CREATED_AT,
			SessionHash.LAST_ACCESSED_AT, SessionHash.EXPIRES_AT, SessionHash.ATTRIBUTE_PREFIX + "x", "a:", "other");

	@ParameterizedTest(name = "{index}")
	@MethodSource("hashes")
	void anyHashIsReadAbsentOrUnreadable(Map<String, String> fields) {
		try {
			SessionHash.record("id-0123456789abcdef", fields).ifPresent(record -> {
				assertThat(record.id()).isEqualTo("id-0123456789abcdef");
				assertThat(record.attributes()).doesNotContainValue(null);
			});
		}
		catch (UnreadableRecordException expected) {
			assertThat(expected.id()).isEqualTo("id-0123456789abcdef");
		}
	}

	static Stream<Map<String, String>> hashes() {
		return RandomInputs.tries(3000, in -> {
			Map<String, String> fields = new HashMap<>();
			for (String name : NAMES) {
				String value = in.orNull(0.3, in.oneOf(() -> in.anyString(20), () -> String.valueOf(in.anyLong()),
						() -> in.oneOf("", "-1", "9223372036854775807", "1e3", "{}")));
				if (value != null) {
					fields.put(name, value);
				}
			}
			return fields;
		});
	}

}
