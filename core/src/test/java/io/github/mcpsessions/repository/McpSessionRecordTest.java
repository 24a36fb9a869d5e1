package io.github.mcpsessions.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class McpSessionRecordTest {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final McpSessionRecord record = McpSessionRecord.builder("abcdefghijklmnopqrstuvwxyz012345")
		.createdAt(NOW)
		.expiresAt(NOW.plusSeconds(60))
		.attributes(Map.of("cart", "c1", McpSessionRecord.LOGGING_LEVEL_ATTRIBUTE, "DEBUG",
				McpSessionRecord.SUBSCRIPTION_ATTRIBUTE_PREFIX + "file:///b", "1",
				McpSessionRecord.SUBSCRIPTION_ATTRIBUTE_PREFIX + "file:///a", "1"))
		.build();

	@Test
	void protocolStateIsReadFromReservedAttributes() {
		assertThat(this.record.loggingLevel()).isEqualTo("DEBUG");
		assertThat(this.record.resourceSubscriptions()).containsExactly("file:///a", "file:///b");
		assertThat(this.record.userAttributes()).containsOnly(Map.entry("cart", "c1"));
	}

	@Test
	void expiryIsInclusive() {
		assertThat(this.record.isExpiredAt(NOW.plusSeconds(59))).isFalse();
		assertThat(this.record.isExpiredAt(NOW.plusSeconds(60))).isTrue();
	}

	@Test
	void toStringShowsNeitherTheFullIdNorAttributeValues() {
		assertThat(this.record.toString()).contains("abcdefgh…").doesNotContain("abcdefghijklmnop").doesNotContain("c1");
	}

	@Test
	void attributesAreACopyNoOneCanChangeAndCopiesWithNewTimesShareIt() {
		Map<String, String> given = new LinkedHashMap<>(Map.of("cart", "c1"));
		McpSessionRecord own = McpSessionRecord.builder("abcdefghijklmnopqrstuvwxyz012345")
			.createdAt(NOW)
			.expiresAt(NOW.plusSeconds(60))
			.attributes(given)
			.build();
		given.put("cart", "changed");

		assertThat(own.attributes()).containsExactly(Map.entry("cart", "c1"));
		assertThatThrownBy(() -> own.attributes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
		assertThatThrownBy(() -> own.attributes().entrySet().iterator().next().setValue("y"))
			.isInstanceOf(UnsupportedOperationException.class);
		assertThat(own.withAccess(NOW.plusSeconds(1), NOW.plusSeconds(61)).attributes()).isSameAs(own.attributes());
		assertThat(own.withAttributeChanges(Map.of("n", "1")).attributes()).containsExactly(Map.entry("cart", "c1"),
				Map.entry("n", "1"));
	}

	@Test
	void aRecordHoldsNoNullAttributeValueThatAStoreCouldNotWrite() {
		Map<String, String> withNull = new LinkedHashMap<>();
		withNull.put("cart", null);

		assertThatThrownBy(() -> McpSessionRecord.builder("abcdefghijklmnopqrstuvwxyz012345")
			.createdAt(NOW)
			.expiresAt(NOW.plusSeconds(60))
			.attributes(withNull)
			.build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'cart'");
		assertThat(this.record.withAttributeChanges(withNull).attributes()).doesNotContainKey("cart");
	}

	@Test
	void aFormatVersionBelowOneIsNoRecordButANewerOneIsKeptToBeRefused() {
		assertThatThrownBy(() -> new McpSessionRecord(0, "abcdefghijklmnopqrstuvwxyz012345", null, null, null, null, NOW, NOW,
				NOW.plusSeconds(60), Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("formatVersion");
		assertThat(new McpSessionRecord(McpSessionRecord.CURRENT_FORMAT_VERSION + 1, "abcdefghijklmnopqrstuvwxyz012345", null,
				null, null, null, NOW, NOW, NOW.plusSeconds(60), Map.of()).formatVersion())
			.isEqualTo(McpSessionRecord.CURRENT_FORMAT_VERSION + 1);
	}

}
