package io.github.mcpsessions;

import java.util.Map;
import java.util.Optional;

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

}
