package io.github.mcpsessions.repository;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A record's attributes: an insertion-ordered copy no one can change, so a record copied with new
 * access times (once per request on a held session) shares it instead of copying it again.
 */
final class FrozenAttributes extends AbstractMap<String, String> {

	private final Map<String, String> map;

	private FrozenAttributes(Map<String, String> copy) {
		this.map = copy;
	}

	/**
	 * {@code attributes} itself if it is already frozen (or empty), else a frozen copy.
	 * @throws IllegalArgumentException if a name or a value is {@code null}
	 */
	static Map<String, String> of(Map<String, String> attributes) {
		if (attributes == null || attributes.isEmpty()) {
			return Map.of();
		}
		if (attributes instanceof FrozenAttributes) {
			return attributes;
		}
		LinkedHashMap<String, String> copy = new LinkedHashMap<>(attributes);
		copy.forEach((name, value) -> {
			if (name == null || value == null) {
				throw new IllegalArgumentException("attribute names and values must not be null (name "
						+ (name == null ? "null" : "'" + name + "'") + "); a change removes a name with a null value, a record holds none");
			}
		});
		return new FrozenAttributes(copy);
	}

	@Override
	public String get(Object key) {
		return this.map.get(key);
	}

	@Override
	public boolean containsKey(Object key) {
		return this.map.containsKey(key);
	}

	@Override
	public int size() {
		return this.map.size();
	}

	@Override
	public void forEach(BiConsumer<? super String, ? super String> action) {
		this.map.forEach(action);
	}

	@Override
	public Set<Entry<String, String>> entrySet() {
		return Collections.unmodifiableMap(this.map).entrySet();
	}

	@Override
	public Set<String> keySet() {
		return Collections.unmodifiableSet(this.map.keySet());
	}

	@Override
	public Collection<String> values() {
		return Collections.unmodifiableCollection(this.map.values());
	}

}
