package io.github.mcpsessions.internal.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SessionIdSignerTest {

	private final SessionIdSigner signer = new SessionIdSigner(
			"a secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8));

	@Test
	void signedIdsHaveTheShapeOfUnsignedOnesAndAreRecognised() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			String id = this.signer.generate();
			assertThat(id).hasSize(32).matches("[A-Za-z0-9_-]+");
			assertThat(this.signer.isIssued(id)).isTrue();
			ids.add(id);
		}
		assertThat(ids).hasSize(10_000);
	}

	@Test
	void forgedTamperedAndForeignIdsAreRefused() {
		String id = this.signer.generate();
		char last = id.charAt(31);
		String tampered = id.substring(0, 31) + (last == 'A' ? 'B' : 'A');
		SessionIdSigner other = new SessionIdSigner("another secret, also thirty-two bytes".getBytes(StandardCharsets.UTF_8));

		assertThat(this.signer.isIssued(tampered)).isFalse();
		assertThat(this.signer.isIssued(SessionIds.generate())).isFalse();
		assertThat(this.signer.isIssued(other.generate())).isFalse();
		assertThat(this.signer.isIssued(id + "x")).isFalse();
		assertThat(this.signer.isIssued(null)).isFalse();
	}

	@Test
	void aShortSecretIsRefusedNamingTheSetting() {
		assertThatThrownBy(() -> new SessionIdSigner(new byte[16])).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("sessionIdSecret")
			.hasMessageContaining("32");
	}

}
