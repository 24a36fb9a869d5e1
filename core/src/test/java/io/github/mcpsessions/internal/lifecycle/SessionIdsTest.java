package io.github.mcpsessions.internal.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class SessionIdsTest {

	@Test
	void generatedIdsCarry192RandomBitsInUrlSafeText() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			String id = SessionIds.generate();
			assertThat(id).hasSize(32).matches("[A-Za-z0-9_-]+");
			assertThat(SessionIds.isWellFormed(id)).isTrue();
			ids.add(id);
		}
		assertThat(ids).hasSize(10_000);
	}

	@Test
	void shapeCheckAcceptsOurIdsAndUuidsOnly() {
		assertThat(SessionIds.isWellFormed(UUID.randomUUID().toString())).isTrue();
		assertThat(SessionIds.isWellFormed(null)).isFalse();
		assertThat(SessionIds.isWellFormed("")).isFalse();
		assertThat(SessionIds.isWellFormed("tooShort")).isFalse();
		assertThat(SessionIds.isWellFormed("x".repeat(SessionIds.MAX_LENGTH))).isTrue();
		assertThat(SessionIds.isWellFormed("x".repeat(SessionIds.MAX_LENGTH + 1))).isFalse();
		assertThat(SessionIds.isWellFormed("abcdefghijklmnop\r\nX-Injected: 1")).isFalse();
		assertThat(SessionIds.isWellFormed("abcdefghijklmnop'; DROP TABLE")).isFalse();
	}

	@Test
	void shortFormShowsEightCharacters() {
		assertThat(SessionIds.shortForm("abcdefghijklmnop")).isEqualTo("abcdefgh…");
		assertThat(SessionIds.shortForm("abc")).isEqualTo("abc");
	}

}
