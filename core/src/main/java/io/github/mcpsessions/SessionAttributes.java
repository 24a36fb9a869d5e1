package io.github.mcpsessions;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.github.mcpsessions.repository.McpSessionRecord;

/**
 * String attributes saved with a session's record, for tool code: what a tool remembers between
 * calls, across restarts and replicas. Reads see the store's current state; writes reach the
 * store before they return. Names starting with {@code mcp:} are reserved.
 *
 * <p>Keep attributes small: names up to {@value #MAX_NAME_LENGTH} characters, values up to
 * {@value #MAX_VALUE_LENGTH} characters. Larger state belongs in your own tables, keyed by the
 * session id.
 *
 * @since 0.1.0
 */
public interface SessionAttributes {

	/** Longest attribute name accepted. */
	int MAX_NAME_LENGTH = 200;

	/** Longest attribute value accepted. */
	int MAX_VALUE_LENGTH = 65_536;

	/** The value stored under {@code name}, if any. */
	Optional<String> get(String name);

	/** All attributes, as stored now. */
	Map<String, String> asMap();

	/** Stores {@code value} under {@code name}, replacing any previous value. */
	void put(String name, String value);

	/** Removes {@code name}; nothing happens if it is not set. */
	void remove(String name);

	/**
	 * Checks a name: 1 to {@value #MAX_NAME_LENGTH} characters, not reserved.
	 * @throws IllegalArgumentException naming what is wrong
	 */
	static void checkName(String name) {
		Objects.requireNonNull(name, "name");
		if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
			throw new IllegalArgumentException(
					"Attribute names must be 1 to " + MAX_NAME_LENGTH + " characters, was " + name.length());
		}
		if (name.startsWith(McpSessionRecord.RESERVED_PREFIX)) {
			throw new IllegalArgumentException("Attribute names starting with '" + McpSessionRecord.RESERVED_PREFIX
					+ "' are reserved for protocol state: " + name);
		}
	}

	/**
	 * Checks a name and its value (at most {@value #MAX_VALUE_LENGTH} characters).
	 * @throws IllegalArgumentException naming what is wrong
	 */
	static void checkEntry(String name, String value) {
		checkName(name);
		Objects.requireNonNull(value, "value");
		if (value.length() > MAX_VALUE_LENGTH) {
			throw new IllegalArgumentException("Attribute '" + name + "' is " + value.length()
					+ " characters long; the limit is " + MAX_VALUE_LENGTH);
		}
	}

}
