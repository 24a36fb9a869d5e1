package io.github.mcpsessions.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.servlet.PersistentStreamableServletTransportProvider;

/** Each setting checks its own value when given; how settings fit together is checked once, at build. */
class PersistentSessionsSettingsTest {

	private static PersistentStreamableServletTransportProvider.Builder builder() {
		return PersistentStreamableServletTransportProvider.builder(HttpServletStreamableServerTransportProvider.builder().build(),
				new InMemorySessionRepository());
	}

	@Test
	void aValueOutOfRangeIsRefusedWhenGiven() {
		assertThatThrownBy(() -> builder().idleTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("idleTimeout");
		assertThatThrownBy(() -> builder().maxLifetime(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("maxLifetime");
	}

	@Test
	void settingsThatDoNotFitTogetherAreRefusedAtBuildWhateverTheirOrder() {
		assertThatThrownBy(() -> builder().cacheEntryTtl(Duration.ofMinutes(10)).idleTimeout(Duration.ofMinutes(1)).build())
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("cacheEntryTtl (PT10M) exceeds idleTimeout (PT1M)");
		assertThatThrownBy(() -> builder().idleTimeout(Duration.ofMinutes(1)).touchInterval(Duration.ofMinutes(1)).build())
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("touchInterval");
		assertThatThrownBy(() -> builder().messageBusSecret(new byte[32]).build()).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("no messageBus");
	}

	@Test
	void defaultsFollowTheIdleTimeoutInsteadOfFailing() {
		PersistentStreamableServletTransportProvider provider = builder().idleTimeout(Duration.ofMinutes(1)).build();
		try {
			assertThat(provider.heldSessionCount()).isZero();
		}
		finally {
			provider.closeGracefully().block();
		}
	}

}
