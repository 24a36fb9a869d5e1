package io.github.mcpsessions.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.mcpsessions.repository.UnreadableRecordException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A session hash is input: whatever fields it holds, it is read as a record, as absent, or refused as unreadable. */
class StoreInputProperties {

	@Property(tries = 3000)
	void anyHashIsReadAbsentOrUnreadable(@ForAll("hashes") Map<String, String> fields) {
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

	@Provide
	Arbitrary<Map<String, String>> hashes() {
		List<String> names = List.of(SessionHash.FORMAT_VERSION, SessionHash.PROTOCOL_VERSION, SessionHash.CLIENT_INFO,
				SessionHash.CLIENT_CAPABILITIES, SessionHash.OWNER, SessionHash.CREATED_AT, SessionHash.LAST_ACCESSED_AT,
				SessionHash.EXPIRES_AT, SessionHash.ATTRIBUTE_PREFIX + "x", "a:", "other");
		Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
				Arbitraries.longs().map(String::valueOf), Arbitraries.of("", "-1", "9223372036854775807", "1e3", "{}"));
		return values.injectNull(0.3).list().ofSize(names.size()).map(list -> {
			Map<String, String> fields = new HashMap<>();
			for (int i = 0; i < names.size(); i++) {
				if (list.get(i) != null) {
					fields.put(names.get(i), list.get(i));
				}
			}
			return fields;
		});
	}

}
