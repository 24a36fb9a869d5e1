package io.github.mcpsessions.redis;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.UnreadableRecordException;

/**
 * How a record lies in one Redis hash: a field per record property (times as epoch milliseconds)
 * and a field per attribute, named {@value #ATTRIBUTE_PREFIX} plus the attribute's name, so
 * attribute writes touch only their own fields.
 */
final class SessionHash {

	static final String ATTRIBUTE_PREFIX = "a:";

	static final String FORMAT_VERSION = "formatVersion";

	static final String PROTOCOL_VERSION = "protocolVersion";

	static final String CLIENT_INFO = "clientInfo";

	static final String CLIENT_CAPABILITIES = "clientCapabilities";

	static final String OWNER = "owner";

	static final String CREATED_AT = "createdAt";

	static final String LAST_ACCESSED_AT = "lastAccessedAt";

	static final String EXPIRES_AT = "expiresAt";

	private SessionHash() {
	}

	static Map<String, String> fields(McpSessionRecord record) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put(FORMAT_VERSION, Integer.toString(record.formatVersion()));
		if (record.protocolVersion() != null) {
			fields.put(PROTOCOL_VERSION, record.protocolVersion());
		}
		fields.put(CLIENT_INFO, record.clientInfoJson());
		fields.put(CLIENT_CAPABILITIES, record.clientCapabilitiesJson());
		if (record.owner() != null) {
			fields.put(OWNER, record.owner());
		}
		fields.put(CREATED_AT, millis(record.createdAt()));
		fields.put(LAST_ACCESSED_AT, millis(record.lastAccessedAt()));
		fields.put(EXPIRES_AT, millis(record.expiresAt()));
		record.attributes().forEach((name, value) -> fields.put(ATTRIBUTE_PREFIX + name, value));
		return fields;
	}

	/** The record a hash holds; empty if the hash is empty or lacks a time (not written by this library). */
	static Optional<McpSessionRecord> record(String id, Map<String, String> fields) {
		if (!fields.containsKey(CREATED_AT) || !fields.containsKey(LAST_ACCESSED_AT) || !fields.containsKey(EXPIRES_AT)) {
			return Optional.empty();
		}
		Map<String, String> attributes = new LinkedHashMap<>();
		fields.forEach((name, value) -> {
			if (name.startsWith(ATTRIBUTE_PREFIX)) {
				attributes.put(name.substring(ATTRIBUTE_PREFIX.length()), value);
			}
		});
		try {
			return Optional.of(new McpSessionRecord(Integer.parseInt(fields.getOrDefault(FORMAT_VERSION, "1")), id,
					fields.get(PROTOCOL_VERSION), fields.get(CLIENT_INFO), fields.get(CLIENT_CAPABILITIES),
					fields.get(OWNER), instant(fields.get(CREATED_AT)), instant(fields.get(LAST_ACCESSED_AT)),
					instant(fields.get(EXPIRES_AT)), attributes));
		}
		catch (RuntimeException ex) {
			throw new UnreadableRecordException(id, ex.getClass().getSimpleName() + " in a field", ex);
		}
	}

	static String millis(Instant instant) {
		return Long.toString(instant.toEpochMilli());
	}

	private static Instant instant(String millis) {
		return Instant.ofEpochMilli(Long.parseLong(millis));
	}

}
