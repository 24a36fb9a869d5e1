package io.github.mcpsessions.internal.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.IncompatibleSdkException;

/** The SDK internals the library relies on are there, and their absence fails loudly at start-up. */
class SdkInternalsTest {

	@Test
	void theSdkOnTheClassPathHasEverythingTheLibraryReads() {
		SdkInternals.verifyFactoryShape();

		assertThat(SdkInternals.liveSessions(HttpServletStreamableServerTransportProvider.builder().build())).isEmpty();
	}

	@Test
	void theSdkVersionIsTheOneThisBuildTestsAgainst() {
		String expected = System.getProperty("mcp-sessions.expected-sdk-version", "2.2.0");

		assertThat(SdkInternals.sdkVersion()).isEqualTo(expected);
	}

	@Test
	void testedVersionsAreThe20And21Lines() {
		assertThat(SdkInternals.isTestedVersion("2.0.0")).isTrue();
		assertThat(SdkInternals.isTestedVersion("2.1.3")).isTrue();
		assertThat(SdkInternals.isTestedVersion("2.2.0")).isTrue();
		assertThat(SdkInternals.isTestedVersion("2.3.0")).isFalse();
		assertThat(SdkInternals.isTestedVersion("1.1.5")).isFalse();
		assertThat(SdkInternals.isTestedVersion("3.0.0")).isFalse();
	}

	/** Stands for a future SDK whose session factory changed shape. */
	static final class ChangedFactory {

		Object somethingElse;

	}

	@Test
	void aFactoryWithoutTheExpectedFieldsFailsNamingTheVersionAndTheRange() {
		assertThatThrownBy(() -> SdkInternals.verifyFactoryShape(ChangedFactory.class))
			.isInstanceOf(IncompatibleSdkException.class)
			.hasMessageContaining("supports the MCP Java SDK " + SdkInternals.SUPPORTED_SDK_VERSIONS)
			.hasMessageContaining("found version " + SdkInternals.sdkVersion())
			.hasMessageContaining("requestTimeout");
	}

	@Test
	void aProviderWithoutASessionMapFailsNamingTheVersion() {
		assertThatThrownBy(() -> SdkInternals.liveSessions(new Object()))
			.isInstanceOf(IncompatibleSdkException.class)
			.hasMessageContaining("has no map of live sessions")
			.hasMessageContaining("found version");
	}

}
