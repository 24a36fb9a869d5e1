package io.github.mcpsessions.repository;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything needed to rebuild an MCP session in another process: what the client sent at
 * {@code initialize}, when the session was used, when it expires, who owns it and the string
 * attributes saved with it. Runtime state (open streams, pending requests) never leaves the process.
 *
 * <p>Client info and capabilities are kept as JSON text so records survive SDK upgrades. Protocol
 * state the server keeps per session (the client's logging level and its resource subscriptions)
 * lives in {@link #attributes()} under the reserved {@value #RESERVED_PREFIX} prefix, so every
 * mutable part of a record is one attribute and stores merge concurrent changes per key.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param formatVersion version of this record's layout, {@link #CURRENT_FORMAT_VERSION} for new records;
 *        1 or more (a newer one than this library writes is kept and refused, see docs/operations.md)
 * @param id the session id, also the key of the record in its store
 * @param protocolVersion the MCP protocol version negotiated at initialize
 * @param clientInfoJson the client's {@code clientInfo} object as JSON
 * @param clientCapabilitiesJson the client's {@code capabilities} object as JSON
 * @param owner who the session is bound to (e.g. an OAuth subject), or {@code null} if unbound
 * @param createdAt when the session was initialized
 * @param lastAccessedAt when the session was last used, as far as the store knows
 * @param expiresAt when the session expires unless it is used again
 * @param attributes string attributes, insertion-ordered; never {@code null}, and no name or value is {@code null}
 * @since 0.1.0
 */
public record McpSessionRecord(int formatVersion, String id, String protocolVersion, String clientInfoJson,
		String clientCapabilitiesJson, String owner, Instant createdAt, Instant lastAccessedAt, Instant expiresAt,
		Map<String, String> attributes) {

	/** The record layout this library writes. */
	public static final int CURRENT_FORMAT_VERSION = 1;

	/** Attribute names starting with this prefix hold protocol state and are not visible to tool code. */
	public static final String RESERVED_PREFIX = "mcp:";

	/** Attribute holding the client's logging level set with {@code logging/setLevel}. */
	public static final String LOGGING_LEVEL_ATTRIBUTE = RESERVED_PREFIX + "logging-level";

	/** Prefix of attributes that each hold one resource subscription; the URI follows the prefix. */
	public static final String SUBSCRIPTION_ATTRIBUTE_PREFIX = RESERVED_PREFIX + "subscription:";

	public McpSessionRecord {
		if (formatVersion < 1) {
			throw new IllegalArgumentException("formatVersion must be 1 or more, but was " + formatVersion);
		}
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(createdAt, "createdAt");
		Objects.requireNonNull(lastAccessedAt, "lastAccessedAt");
		Objects.requireNonNull(expiresAt, "expiresAt");
		clientInfoJson = clientInfoJson == null ? "{}" : clientInfoJson;
		clientCapabilitiesJson = clientCapabilitiesJson == null ? "{}" : clientCapabilitiesJson;
		attributes = FrozenAttributes.of(attributes);
	}

	/** Starts a record for a new session with the current format version. */
	public static Builder builder(String id) {
		return new Builder(id);
	}

	/** Whether this record has expired at {@code now}: an expired session is never restored. */
	public boolean isExpiredAt(Instant now) {
		return !now.isBefore(this.expiresAt);
	}

	/** The logging level the client set, or {@code null} if it never set one. */
	public String loggingLevel() {
		return this.attributes.get(LOGGING_LEVEL_ATTRIBUTE);
	}

	/** The resource URIs the client subscribed to, sorted. */
	public Set<String> resourceSubscriptions() {
		Set<String> uris = new TreeSet<>();
		this.attributes.keySet()
			.stream()
			.filter(name -> name.startsWith(SUBSCRIPTION_ATTRIBUTE_PREFIX))
			.forEach(name -> uris.add(name.substring(SUBSCRIPTION_ATTRIBUTE_PREFIX.length())));
		return Collections.unmodifiableSet(uris);
	}

	/** The attributes tool code wrote, without the reserved protocol state. */
	public Map<String, String> userAttributes() {
		Map<String, String> visible = new LinkedHashMap<>();
		this.attributes.forEach((name, value) -> {
			if (!name.startsWith(RESERVED_PREFIX)) {
				visible.put(name, value);
			}
		});
		return Collections.unmodifiableMap(visible);
	}

	/** A copy with new access and expiry times. */
	public McpSessionRecord withAccess(Instant lastAccessedAt, Instant expiresAt) {
		return new McpSessionRecord(this.formatVersion, this.id, this.protocolVersion, this.clientInfoJson,
				this.clientCapabilitiesJson, this.owner, this.createdAt, lastAccessedAt, expiresAt, this.attributes);
	}

	/**
	 * A copy with {@code changes} merged into the attributes: a {@code null} value removes its name.
	 */
	public McpSessionRecord withAttributeChanges(Map<String, String> changes) {
		Map<String, String> merged = new LinkedHashMap<>(this.attributes);
		changes.forEach((name, value) -> {
			if (value == null) {
				merged.remove(name);
			}
			else {
				merged.put(name, value);
			}
		});
		return new McpSessionRecord(this.formatVersion, this.id, this.protocolVersion, this.clientInfoJson,
				this.clientCapabilitiesJson, this.owner, this.createdAt, this.lastAccessedAt, this.expiresAt, merged);
	}

	/** Never prints attribute values or the full id: records end up in logs. */
	@Override
	public String toString() {
		return "McpSessionRecord[id=" + (this.id.length() > 8 ? this.id.substring(0, 8) + "…" : this.id)
				+ ", protocolVersion=" + this.protocolVersion + ", createdAt=" + this.createdAt + ", expiresAt="
				+ this.expiresAt + ", attributes=" + this.attributes.keySet() + "]";
	}

	/** Builds a {@link McpSessionRecord}; obtain one from {@link McpSessionRecord#builder(String)}. */
	public static final class Builder {

		private final String id;

		private String protocolVersion;

		private String clientInfoJson;

		private String clientCapabilitiesJson;

		private String owner;

		private Instant createdAt;

		private Instant lastAccessedAt;

		private Instant expiresAt;

		private Map<String, String> attributes = Map.of();

		private Builder(String id) {
			this.id = Objects.requireNonNull(id, "id");
		}

		public Builder protocolVersion(String protocolVersion) {
			this.protocolVersion = protocolVersion;
			return this;
		}

		public Builder clientInfoJson(String clientInfoJson) {
			this.clientInfoJson = clientInfoJson;
			return this;
		}

		public Builder clientCapabilitiesJson(String clientCapabilitiesJson) {
			this.clientCapabilitiesJson = clientCapabilitiesJson;
			return this;
		}

		public Builder owner(String owner) {
			this.owner = owner;
			return this;
		}

		/** Sets created-at and last-accessed-at to the same instant. */
		public Builder createdAt(Instant createdAt) {
			this.createdAt = createdAt;
			this.lastAccessedAt = createdAt;
			return this;
		}

		public Builder lastAccessedAt(Instant lastAccessedAt) {
			this.lastAccessedAt = lastAccessedAt;
			return this;
		}

		public Builder expiresAt(Instant expiresAt) {
			this.expiresAt = expiresAt;
			return this;
		}

		public Builder attributes(Map<String, String> attributes) {
			this.attributes = attributes;
			return this;
		}

		public McpSessionRecord build() {
			return new McpSessionRecord(CURRENT_FORMAT_VERSION, this.id, this.protocolVersion, this.clientInfoJson,
					this.clientCapabilitiesJson, this.owner, this.createdAt, this.lastAccessedAt, this.expiresAt,
					this.attributes);
		}

	}

}
