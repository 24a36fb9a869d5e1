package io.github.mcpsessions.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

import io.github.mcpsessions.SessionAttributes;
import io.github.mcpsessions.internal.cache.CachingSessionRepository;
import io.github.mcpsessions.internal.lifecycle.HeldSession;
import io.github.mcpsessions.internal.lifecycle.HeldSessions;
import io.github.mcpsessions.internal.lifecycle.SessionExpiryPolicy;
import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.SessionRepository;

/**
 * Explicit state handles for tool code, the MCP 2026-07-28 way to keep state between calls: a tool
 * mints a handle ({@code cart_} and 192 random bits), returns it to the model, and later tools take
 * it back as an argument and resolve it to its state. Handles are durable (any
 * {@link SessionRepository}: in memory, JDBC, Redis), shared by replicas, and expire when idle.
 *
 * <p>Each handle is bound, when minted, to who minted it: the authenticated user if the server binds
 * sessions to owners ({@code ownerResolver}), else the MCP session, else nobody (then anyone who has
 * the handle can use it: weaker, documented). A handle resolved by anyone else is answered exactly
 * like an unknown or expired one, so handles cannot be probed.
 *
 * <pre>{@code
 * StateHandles handles = StateHandles.builder(handleStore).idleTimeout(Duration.ofHours(24)).build();
 * // cart_open
 * StateHandle cart = handles.mint(exchange, "cart");
 * return text(cart.id());
 * // cart_add(cart_id, item)
 * return handles.resolve(exchange, "cart", args.get("cart_id"))
 *     .map(cart -> { cart.put("item:" + item, "1"); return text("added"); })
 *     .orElseGet(() -> StateHandles.unknown("cart", "call cart_open to start a new cart"));
 * }</pre>
 *
 * <p>Per-user state ({@link #userState}) is one bucket per authenticated user in the same store,
 * outliving sessions, restarts and replicas. Thread-safe.
 *
 * @since 0.1.0
 */
public final class StateHandles {

	private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9]{0,30}");

	/** How long a replica trusts that a handle exists; a handle deleted on another replica stops resolving here within it. */
	private static final Duration CACHE_ENTRY_TTL = Duration.ofSeconds(10);

	private static final String KIND_ATTRIBUTE = McpSessionRecord.RESERVED_PREFIX + "handle-kind";

	private final CachingSessionRepository cache;

	private final SessionExpiryPolicy handlePolicy;

	private final SessionExpiryPolicy userPolicy;

	private final Clock clock;

	private StateHandles(Builder builder) {
		this.handlePolicy = new SessionExpiryPolicy(builder.idleTimeout, builder.maxLifetime);
		this.cache = builder.store instanceof CachingSessionRepository caching ? caching
				: CachingSessionRepository.builder(builder.store)
					.touchInterval(this.handlePolicy.defaultTouchInterval())
					.entryTtl(CACHE_ENTRY_TTL)
					.build();
		this.userPolicy = new SessionExpiryPolicy(builder.userStateIdleTimeout, null);
		this.clock = builder.clock;
	}

	/**
	 * Starts handles kept in {@code store}: give them a store of their own (another table or key
	 * prefix than the sessions'), so cleaning one never scans the other.
	 */
	public static Builder builder(SessionRepository store) {
		return new Builder(store);
	}

	/** Mints an empty handle of {@code kind} (lowercase letters and digits, e.g. {@code cart}), bound to the caller. */
	public StateHandle mint(McpSyncServerExchange exchange, String kind) {
		return mint(exchange, kind, Map.of());
	}

	/** Mints a handle of {@code kind} holding {@code initialState}, bound to the caller. */
	public StateHandle mint(McpSyncServerExchange exchange, String kind, Map<String, String> initialState) {
		return mint(ownerOf(exchange), kind, initialState);
	}

	/** {@link #mint(McpSyncServerExchange, String, Map)} for asynchronous servers. */
	public StateHandle mint(McpAsyncServerExchange exchange, String kind, Map<String, String> initialState) {
		return mint(ownerOfSession(exchange.sessionId()), kind, initialState);
	}

	/**
	 * Mints a handle bound to {@code owner} (as {@link #ownerOf} computes it; {@code null} for
	 * unbound), for callers without an exchange.
	 */
	public StateHandle mint(String owner, String kind, Map<String, String> initialState) {
		checkKind(kind);
		initialState.forEach(SessionAttributes::checkEntry);
		Map<String, String> attributes = new LinkedHashMap<>(initialState);
		attributes.put(KIND_ATTRIBUTE, kind);
		Instant now = this.clock.instant();
		String id = kind + "_" + SessionIds.generate();
		McpSessionRecord record = McpSessionRecord.builder(id)
			.owner(owner)
			.createdAt(now)
			.expiresAt(this.handlePolicy.expiresAt(now, now))
			.attributes(attributes)
			.build();
		this.cache.save(record);
		return new StateHandle(id, kind, record.expiresAt(), this.cache);
	}

	/**
	 * The state of a handle the model passed back (a tool argument, so any object), if it is a live
	 * handle of {@code kind} bound to the caller. Unknown, expired, other-kind and other-owner
	 * handles are all just empty: answer them with {@link #unknown}.
	 */
	public Optional<StateHandle> resolve(McpSyncServerExchange exchange, String kind, Object handle) {
		return resolve(ownerOf(exchange), kind, handle);
	}

	/** {@link #resolve(McpSyncServerExchange, String, Object)} for asynchronous servers. */
	public Optional<StateHandle> resolve(McpAsyncServerExchange exchange, String kind, Object handle) {
		return resolve(ownerOfSession(exchange.sessionId()), kind, handle);
	}

	/** {@link #resolve(McpSyncServerExchange, String, Object)} for a known owner. */
	public Optional<StateHandle> resolve(String owner, String kind, Object handle) {
		checkKind(kind);
		if (!(handle instanceof String id) || !id.startsWith(kind + "_")
				|| !SessionIds.isWellFormed(id.substring(kind.length() + 1))) {
			return Optional.empty();
		}
		Optional<McpSessionRecord> found = this.cache.findById(id);
		Instant now = this.clock.instant();
		if (found.isEmpty() || !kind.equals(found.get().attributes().get(KIND_ATTRIBUTE))
				|| !Objects.equals(found.get().owner(), owner) && found.get().owner() != null) {
			return Optional.empty();
		}
		McpSessionRecord record = found.get();
		if (record.isExpiredAt(now)) {
			this.cache.deleteById(id);
			return Optional.empty();
		}
		Instant expiresAt = this.handlePolicy.expiresAt(record.createdAt(), now);
		this.cache.touch(id, now, expiresAt);
		return Optional.of(new StateHandle(id, kind, expiresAt, this.cache));
	}

	/**
	 * The authenticated caller's own state bucket, created on first use; it lives
	 * {@code userStateIdleTimeout} after its last use. Empty when the server does not bind sessions
	 * to users (no {@code ownerResolver}) or the caller is anonymous.
	 */
	public Optional<StateHandle> userState(McpSyncServerExchange exchange) {
		return userState(exchange.sessionId());
	}

	/** {@link #userState(McpSyncServerExchange)} for asynchronous servers. */
	public Optional<StateHandle> userState(McpAsyncServerExchange exchange) {
		return userState(exchange.sessionId());
	}

	private Optional<StateHandle> userState(String sessionId) {
		return userStateOf(userOf(sessionId));
	}

	/**
	 * The state bucket of {@code user} (an owner as the {@code ownerResolver} returns it), created
	 * on first use; empty for {@code null} (anonymous). For callers without a session-era exchange,
	 * such as MCP 2026-07-28 tools.
	 */
	public Optional<StateHandle> userStateOf(String user) {
		if (user == null) {
			return Optional.empty();
		}
		String id = "user_" + digest(user);
		Instant now = this.clock.instant();
		Optional<McpSessionRecord> found = this.cache.findById(id);
		if (found.isEmpty() || found.get().isExpiredAt(now)) {
			McpSessionRecord record = McpSessionRecord.builder(id)
				.owner("user:" + user)
				.createdAt(now)
				.expiresAt(this.userPolicy.expiresAt(now, now))
				.attributes(Map.of(KIND_ATTRIBUTE, "user"))
				.build();
			this.cache.save(record);
			return Optional.of(new StateHandle(id, "user", record.expiresAt(), this.cache));
		}
		Instant expiresAt = this.userPolicy.expiresAt(found.get().createdAt(), now);
		this.cache.touch(id, now, expiresAt);
		return Optional.of(new StateHandle(id, "user", expiresAt, this.cache));
	}

	/**
	 * Who a handle minted in this exchange is bound to: {@code user:<owner>} when the session has an
	 * owner, else {@code session:<id>}, else {@code null} (unbound).
	 */
	public static String ownerOf(McpSyncServerExchange exchange) {
		return ownerOfSession(exchange.sessionId());
	}

	private static String ownerOfSession(String sessionId) {
		String user = userOf(sessionId);
		if (user != null) {
			return "user:" + user;
		}
		return sessionId != null ? "session:" + sessionId : null;
	}

	/**
	 * The tool result for a handle that did not resolve: an error the model can act on, the same
	 * for unknown, expired and other people's handles.
	 * @param hint what to do next, e.g. "call cart_open to start a new cart"
	 */
	public static McpSchema.CallToolResult unknown(String kind, String hint) {
		return McpSchema.CallToolResult.builder()
			.addTextContent("No " + kind + " with that id is open for you (it may have expired or been closed); " + hint
					+ ".")
			.isError(true)
			.build();
	}

	/**
	 * A JSON-schema property for a handle argument of {@code kind}, for a tool's input schema: a
	 * string of the handle's shape, described so the model passes back what it was given.
	 */
	public static Map<String, Object> argumentSchema(String kind, String mintedBy) {
		checkKind(kind);
		return Map.of("type", "string", "pattern", "^" + kind + "_[A-Za-z0-9_-]{16,128}$", "description",
				"The " + kind + "_id returned by " + mintedBy + "; pass it back exactly as received.");
	}

	/** Deletes handles and user buckets idle past their expiry, in batches; for a scheduled clean-up. */
	public int deleteExpired(int limit) {
		return this.cache.expiredSessionSweeper().orElseThrow().deleteExpired(this.clock.instant(), limit);
	}

	private static String userOf(String sessionId) {
		if (sessionId == null) {
			return null;
		}
		HeldSession held = HeldSessions.get(sessionId);
		if (held == null) {
			return null;
		}
		return held.lifecycle().repository().findById(sessionId).map(McpSessionRecord::owner).orElse(null);
	}

	private static void checkKind(String kind) {
		if (kind == null || !KIND.matcher(kind).matches()) {
			throw new IllegalArgumentException("A handle kind is 1 to 31 lowercase letters and digits starting with a letter, "
					+ "such as 'cart'; was '" + kind + "'");
		}
	}

	private static String digest(String user) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(user.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	/**
	 * Configures {@link StateHandles}. Defaults: handles expire 24 hours after their last use, with no
	 * maximum lifetime; user state 90 days after its last use.
	 */
	public static final class Builder {

		private final SessionRepository store;

			private Duration idleTimeout = Duration.ofHours(24);

		private Duration maxLifetime;

		private Duration userStateIdleTimeout = Duration.ofDays(90);

		private Clock clock = Clock.systemUTC();

		private Builder(SessionRepository store) {
			this.store = Objects.requireNonNull(store, "store");
		}

		/** How long a handle lives without being resolved. */
		public Builder idleTimeout(Duration idleTimeout) {
			new SessionExpiryPolicy(idleTimeout, this.maxLifetime);
			this.idleTimeout = idleTimeout;
			return this;
		}

		/** How long a handle lives at most, however busy; {@code null} for no limit. */
		public Builder maxLifetime(Duration maxLifetime) {
			new SessionExpiryPolicy(this.idleTimeout, maxLifetime);
			this.maxLifetime = maxLifetime;
			return this;
		}

		/** How long a user's state bucket lives without being used. */
		public Builder userStateIdleTimeout(Duration userStateIdleTimeout) {
			new SessionExpiryPolicy(userStateIdleTimeout, null);
			this.userStateIdleTimeout = userStateIdleTimeout;
			return this;
		}

		/** Time source for expiry; for tests. */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		public StateHandles build() {
			return new StateHandles(this);
		}

	}

}
