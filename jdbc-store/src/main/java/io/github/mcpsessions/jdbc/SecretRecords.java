package io.github.mcpsessions.jdbc;

import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import io.github.mcpsessions.repository.McpSessionRecord;
import io.github.mcpsessions.repository.UnreadableRecordException;

/**
 * Shared secrets as reserved rows of the session table: id {@code ~secret:<name>}, which is never a
 * well-formed session id (so no request can reach it), never expiring, the secret base64 in the
 * {@code value} attribute.
 */
final class SecretRecords {

	private static final String ID_PREFIX = "~secret:";

	private static final String VALUE = "value";

	private static final Instant NEVER = Instant.parse("9999-12-31T00:00:00Z");

	private SecretRecords() {
	}

	static McpSessionRecord record(String name, byte[] secret, Instant now) {
		return McpSessionRecord.builder(ID_PREFIX + name)
			.createdAt(now)
			.expiresAt(NEVER)
			.attributes(Map.of(VALUE, Base64.getEncoder().encodeToString(secret)))
			.build();
	}

	static byte[] secret(McpSessionRecord record) {
		String value = record.attributes().get(VALUE);
		try {
			return Base64.getDecoder().decode(value);
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new UnreadableRecordException(record.id(), "a shared secret row without a base64 value", ex);
		}
	}

}
