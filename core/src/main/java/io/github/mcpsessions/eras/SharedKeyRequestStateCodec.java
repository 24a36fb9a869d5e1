package io.github.mcpsessions.eras;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.server.HmacRequestStateCodec;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.RequestStateCodec;

import io.github.mcpsessions.internal.SettingChecks;
import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.repository.SharedSecrets;

/**
 * Seals the request state of MCP 2026-07-28 multi round-trip requests ({@code input_required})
 * under keys every replica reads from the session store, so a round sealed by one replica opens
 * on any other, and after the replica that sealed it restarted or died. No secret is configured:
 * the first replica to need a key creates it in the store ({@link SessionRepository#sharedSecrets()}),
 * every other one reads it.
 *
 * <p>Keys rotate: each {@code rotation} period (default 24 hours) seals under a key of its own,
 * and a state sealed under the previous periods' keys still opens for as long as it is valid
 * ({@code ttl}, default 10 minutes). Each key seals as the SDK's {@link HmacRequestStateCodec}
 * does (HMAC-SHA256 over the state, the request's method and primitive, the caller's principal
 * and an expiry), so a tampered, expired, foreign or replayed-elsewhere state opens to
 * {@code null}, which the SDK refuses as the specification says.
 *
 * <pre>{@code
 * McpServer.builder()...requestStateCodec(SharedKeyRequestStateCodec.builder(repository).build())
 * }</pre>
 *
 * <p>Needs MCP Java SDK 2.2 or later (its {@code io.modelcontextprotocol.modern} API). Thread-safe.
 *
 * @since 0.1.0
 */
public final class SharedKeyRequestStateCodec implements RequestStateCodec {

	private static final String KEY_NAME_PREFIX = "request-state:";

	private static final char PERIOD_SEPARATOR = '.';

	private final SharedSecrets secrets;

	private final Duration rotation;

	private final Duration ttl;

	private final Clock clock;

	private final Function<McpTransportContext, String> principalExtractor;

	private final McpJsonMapper jsonMapper;

	private final ConcurrentHashMap<Long, HmacRequestStateCodec> codecs = new ConcurrentHashMap<>();

	private final SecureRandom random = new SecureRandom();

	private SharedKeyRequestStateCodec(Builder builder) {
		this.secrets = builder.secrets;
		this.rotation = builder.rotation;
		this.ttl = builder.ttl;
		this.clock = builder.clock;
		this.principalExtractor = builder.principalExtractor;
		this.jsonMapper = builder.jsonMapper;
	}

	/**
	 * Starts a codec whose keys live in {@code repository}.
	 * @throws IllegalArgumentException if the repository cannot keep shared secrets
	 */
	public static Builder builder(SessionRepository repository) {
		return new Builder(repository);
	}

	/** Seals {@code state} under this period's key, prefixed with the period so any replica finds the key. */
	@Override
	public String seal(McpRequestContext context, String state) {
		long period = period(this.clock.millis());
		return period + String.valueOf(PERIOD_SEPARATOR) + codec(period).seal(context, state);
	}

	/** The state, or {@code null} if it was not sealed here, was changed, has expired or belongs to another caller. */
	@Override
	public String open(McpRequestContext context, String sealed) {
		if (sealed == null) {
			return null;
		}
		int separator = sealed.indexOf(PERIOD_SEPARATOR);
		long period;
		try {
			period = Long.parseLong(sealed.substring(0, Math.max(separator, 0)));
		}
		catch (NumberFormatException ex) {
			return null;
		}
		long now = period(this.clock.millis());
		long oldest = period(this.clock.millis() - this.ttl.toMillis());
		if (period > now || period < oldest) {
			return null;
		}
		return codec(period).open(context, sealed.substring(separator + 1));
	}

	private long period(long epochMillis) {
		return Math.floorDiv(epochMillis, this.rotation.toMillis());
	}

	private HmacRequestStateCodec codec(long period) {
		HmacRequestStateCodec codec = this.codecs.get(period);
		if (codec != null) {
			return codec;
		}
		long oldest = period(this.clock.millis() - this.ttl.toMillis());
		this.codecs.keySet().removeIf(old -> old < oldest);
		byte[] candidate = new byte[32];
		this.random.nextBytes(candidate);
		HmacRequestStateCodec built = HmacRequestStateCodec.builder()
			.key(this.secrets.getOrCreate(KEY_NAME_PREFIX + period, candidate))
			.ttl(this.ttl)
			.clock(this.clock)
			.principalExtractor(this.principalExtractor)
			.jsonMapper(this.jsonMapper)
			.build();
		HmacRequestStateCodec raced = this.codecs.putIfAbsent(period, built);
		return raced != null ? raced : built;
	}

	/** Configures a {@link SharedKeyRequestStateCodec}. */
	public static final class Builder {

		private final SharedSecrets secrets;

		private Duration rotation = Duration.ofHours(24);

		private Duration ttl = Duration.ofMinutes(10);

		private Clock clock = Clock.systemUTC();

		private Function<McpTransportContext, String> principalExtractor = context -> context != null
				&& context.get(DualEraServlet.OWNER) instanceof String owner ? owner : null;

		private McpJsonMapper jsonMapper = McpJsonDefaults.getMapper();

		private Builder(SessionRepository repository) {
			this.secrets = Objects.requireNonNull(repository, "repository")
				.sharedSecrets()
				.orElseThrow(() -> new IllegalArgumentException(repository.getClass().getSimpleName()
						+ " cannot keep shared secrets; request state needs a store whose sharedSecrets() is present"));
		}

		/** How long one key seals new states (default 24 hours); states sealed under older keys open while valid. */
		public Builder rotation(Duration rotation) {
			this.rotation = SettingChecks.positive("rotation", rotation);
			return this;
		}

		/** How long a sealed state can be brought back (default 10 minutes). */
		public Builder ttl(Duration ttl) {
			this.ttl = SettingChecks.positive("ttl", ttl);
			return this;
		}

		/** The clock for sealing times and key periods (default UTC system clock); tests inject their own. */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		/**
		 * Binds each state to the caller taken from the request's transport context (e.g. the OAuth
		 * subject): a state brought back by another caller does not open. Default: the owner
		 * {@link DualEraServlet} put in the context ({@link DualEraServlet#OWNER}), else none.
		 */
		public Builder principalExtractor(Function<McpTransportContext, String> principalExtractor) {
			this.principalExtractor = Objects.requireNonNull(principalExtractor, "principalExtractor");
			return this;
		}

		/** The JSON mapper of the sealed payload (default the SDK's). */
		public Builder jsonMapper(McpJsonMapper jsonMapper) {
			this.jsonMapper = Objects.requireNonNull(jsonMapper, "jsonMapper");
			return this;
		}

		public SharedKeyRequestStateCodec build() {
			return new SharedKeyRequestStateCodec(this);
		}

	}

}
