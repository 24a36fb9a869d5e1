package io.github.mcpsessions.internal.tasks;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.modelcontextprotocol.modern.McpSchema;

/**
 * A result whose JSON shape is given as a map (the tasks extension's results have no SDK type):
 * the SDK serializes a {@link McpSchema.Result} as a map, so this one is one.
 */
final class WireResult extends AbstractMap<String, Object> implements McpSchema.Result {

	private final Map<String, Object> fields;

	private WireResult(Map<String, Object> fields) {
		this.fields = fields;
	}

	/** {@code fields} with {@code resultType} first. */
	static WireResult of(String resultType, Map<String, Object> fields) {
		Map<String, Object> ordered = new LinkedHashMap<>();
		ordered.put("resultType", resultType);
		ordered.putAll(fields);
		ordered.put("resultType", resultType);
		return new WireResult(ordered);
	}

	/** An empty acknowledgement: {@code {"resultType":"complete"}}. */
	static WireResult ack() {
		return of("complete", Map.of());
	}

	@Override
	public Set<Entry<String, Object>> entrySet() {
		return this.fields.entrySet();
	}

	@Override
	public String resultType() {
		return (String) this.fields.get("resultType");
	}

	@Override
	@SuppressWarnings("unchecked")
	public Map<String, Object> meta() {
		return this.fields.get("_meta") instanceof Map<?, ?> meta ? (Map<String, Object>) meta : null;
	}

}
