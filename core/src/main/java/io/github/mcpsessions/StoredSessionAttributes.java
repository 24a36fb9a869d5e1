package io.github.mcpsessions;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.github.mcpsessions.internal.lifecycle.SessionLifecycle;

/** {@link SessionAttributes} of one state key, read from and written to its store. */
final class StoredSessionAttributes implements SessionAttributes {

	private final String key;

	private final SessionLifecycle lifecycle;

	StoredSessionAttributes(String key, SessionLifecycle lifecycle) {
		this.key = key;
		this.lifecycle = lifecycle;
	}

	@Override
	public Optional<String> get(String name) {
		return Optional.ofNullable(asMap().get(name));
	}

	@Override
	public Map<String, String> asMap() {
		return this.lifecycle.storedAttributes(this.key);
	}

	@Override
	public void put(String name, String value) {
		SessionAttributes.checkEntry(name, value);
		this.lifecycle.updateAttributes(this.key, Map.of(name, value));
	}

	@Override
	public void remove(String name) {
		SessionAttributes.checkName(name);
		Map<String, String> removal = new HashMap<>();
		removal.put(name, null);
		this.lifecycle.updateAttributes(this.key, Collections.unmodifiableMap(removal));
	}

}
