package io.github.mcpsessions.eras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.testing.MutableClock;
import io.github.mcpsessions.testing.RequiredOnlySessionRepository;

/**
 * Request state sealed by one replica opens on another that shares the store, and nowhere else;
 * changed, expired or foreign state does not open.
 */
class SharedKeyRequestStateCodecTest {

	private final InMemorySessionRepository store = new InMemorySessionRepository();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

	private SharedKeyRequestStateCodec replica(SessionRepository repository) {
		return SharedKeyRequestStateCodec.builder(repository)
			.clock(this.clock)
			.ttl(Duration.ofMinutes(10))
			.rotation(Duration.ofHours(1))
			.principalExtractor(context -> (String) context.get("user"))
			.build();
	}

	@Test
	void aStateSealedByOneReplicaOpensOnAnotherOverTheSameStore() {
		SharedKeyRequestStateCodec a = replica(this.store);
		SharedKeyRequestStateCodec b = replica(this.store);

		String sealed = a.seal(context("alice", "tools/call", "book_flight"), "{\"step\":2}");

		assertThat(sealed).doesNotContain("step");
		assertThat(b.open(context("alice", "tools/call", "book_flight"), sealed)).isEqualTo("{\"step\":2}");
	}

	@Test
	void aChangedForeignMisplacedOrExpiredStateDoesNotOpen() {
		SharedKeyRequestStateCodec a = replica(this.store);
		String sealed = a.seal(context("alice", "tools/call", "book_flight"), "{\"step\":2}");
		int payload = sealed.indexOf('.') + 1;
		char first = sealed.charAt(payload);
		String changed = sealed.substring(0, payload) + (first == 'e' ? 'f' : 'e') + sealed.substring(payload + 1);

		assertThat(a.open(context("alice", "tools/call", "book_flight"), changed)).isNull();
		assertThat(a.open(context("mallory", "tools/call", "book_flight"), sealed)).isNull();
		assertThat(a.open(context("alice", "tools/call", "cancel_flight"), sealed)).isNull();
		assertThat(replica(new InMemorySessionRepository()).open(context("alice", "tools/call", "book_flight"), sealed))
			.isNull();
		assertThat(a.open(context("alice", "tools/call", "book_flight"), "not a sealed state")).isNull();
		assertThat(a.open(context("alice", "tools/call", "book_flight"), "99999999." + sealed.substring(sealed.indexOf('.') + 1)))
			.isNull();

		this.clock.advance(Duration.ofMinutes(11));

		assertThat(a.open(context("alice", "tools/call", "book_flight"), sealed)).isNull();
	}

	@Test
	void keysRotateAndAStateSealedJustBeforeStillOpensWhileValid() {
		SharedKeyRequestStateCodec a = replica(this.store);
		this.clock.advance(Duration.ofMinutes(55));
		String beforeRotation = a.seal(context("alice", "tools/call", "book_flight"), "{\"step\":1}");

		this.clock.advance(Duration.ofMinutes(6));
		String afterRotation = a.seal(context("alice", "tools/call", "book_flight"), "{\"step\":2}");

		assertThat(afterRotation.substring(0, afterRotation.indexOf('.')))
			.isNotEqualTo(beforeRotation.substring(0, beforeRotation.indexOf('.')));
		SharedKeyRequestStateCodec restarted = replica(this.store);
		assertThat(restarted.open(context("alice", "tools/call", "book_flight"), beforeRotation)).isEqualTo("{\"step\":1}");
		assertThat(restarted.open(context("alice", "tools/call", "book_flight"), afterRotation)).isEqualTo("{\"step\":2}");
	}

	@Test
	void aStoreThatCannotKeepSecretsIsRefusedAtBuild() {
		SessionRepository withoutSecrets = new RequiredOnlySessionRepository();


		assertThatThrownBy(() -> SharedKeyRequestStateCodec.builder(withoutSecrets))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("cannot keep shared secrets");
	}

	/** The SDK builds request contexts itself; a test makes one through its package-private constructor. */
	private static McpRequestContext context(String user, String method, String primitive) {
		try {
			Constructor<McpRequestContext> constructor = McpRequestContext.class.getDeclaredConstructor(Object.class,
					String.class, String.class, io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.class,
					io.modelcontextprotocol.modern.McpSchema.Implementation.class, Object.class, String.class, Map.class,
					McpTransportContext.class, boolean.class, boolean.class);
			constructor.setAccessible(true);
			return constructor.newInstance(1, method, "2026-07-28", io.modelcontextprotocol.modern.McpSchema.ClientCapabilities.NONE,
					new io.modelcontextprotocol.modern.McpSchema.Implementation("test-client", null, "1.0", null, null, null),
					null, primitive, Map.of(),
					McpTransportContext.create(Map.of("user", user)), false, false);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
