package io.github.mcpsessions.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;

/** Attribute maps as JSON object text, through the SDK's JSON mapper. */
final class AttributesJson {

	private static final TypeRef<Map<String, String>> STRING_MAP = new TypeRef<>() {
	};

	private final McpJsonMapper mapper;

	AttributesJson(McpJsonMapper mapper) {
		this.mapper = mapper;
	}

	/** A JSON object; {@code null} values are written as JSON {@code null}, which a merge patch reads as "remove". */
	String write(Map<String, String> attributes) {
		try {
			return this.mapper.writeValueAsString(attributes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write session attributes as JSON", ex);
		}
	}

	Map<String, String> read(String json) {
		if (json == null || json.isBlank()) {
			return Map.of();
		}
		Map<String, String> attributes;
		try {
			attributes = this.mapper.readValue(json, STRING_MAP);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Stored session attributes are not a JSON object of strings", ex);
		}
		// JSON null, or a null value: never written by this library (a merge strips nulls), so not ours.
		if (attributes == null || attributes.containsValue(null)) {
			throw new UncheckedIOException(new IOException("Stored session attributes hold JSON null"));
		}
		return attributes;
	}

}
