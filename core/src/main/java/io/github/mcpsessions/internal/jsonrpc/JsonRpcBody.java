package io.github.mcpsessions.internal.jsonrpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.modelcontextprotocol.json.McpJsonMapper;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * What a POST body is, read in one streaming pass that builds no tree: whether it is one JSON-RPC
 * message as the SDK tells them apart (an object with a string {@code method}, or with a
 * {@code result} or an {@code error}), its method, and whether it is a client's answer (a
 * {@code result} or {@code error} and no method), and its id as JSON text (a string or a number;
 * {@code null} for none or another type), and {@code params.name} if it is a string (the tool a
 * {@code tools/call} calls). Read through a {@link Reader};
 * shared by this library's adapters, not an API for applications. Every request passes here, so it costs a
 * tokenizer's pass, not a parse into maps. Malformed JSON, trailing content or nesting beyond
 * Jackson's default limit make it no message, as they make the SDK's parse fail.
 *
 * <p>Jackson 3's streaming jar comes with the SDK's JSON module; it is an optional dependency here,
 * so the SDK's version is the one in use. Without it ({@link #AVAILABLE} false), callers parse
 * with the SDK's mapper.
 */
public record JsonRpcBody(boolean isMessage, String method, boolean isAnswer, String id, String paramsName) {

	static final boolean AVAILABLE = isPresent("tools.jackson.core.json.JsonFactory");

	private static final JsonRpcBody NOT_A_MESSAGE = new JsonRpcBody(false, null, false, null, null);

	public JsonRpcBody(boolean isMessage, String method, boolean isAnswer) {
		this(isMessage, method, isAnswer, null, null);
	}

	public static JsonRpcBody read(byte[] body) {
		if (body == null || body.length == 0) {
			return NOT_A_MESSAGE;
		}
		try (JsonParser parser = Streaming.FACTORY.createParser(ObjectReadContext.empty(), body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return NOT_A_MESSAGE;
			}
			String method = null;
			String id = null;
			String paramsName = null;
			boolean answer = false;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if ("method".equals(name)) {
					method = value == JsonToken.VALUE_STRING ? parser.getString() : null;
				}
				else if ("result".equals(name) || "error".equals(name)) {
					answer = true;
				}
				else if ("id".equals(name)) {
					id = idText(parser, value);
				}
				else if ("params".equals(name) && value == JsonToken.START_OBJECT) {
					paramsName = nameIn(parser);
					continue;
				}
				parser.skipChildren();
			}
			if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
				return NOT_A_MESSAGE;
			}
			return new JsonRpcBody(method != null || answer, method, answer && method == null, id, paramsName);
		}
		catch (JacksonException ex) {
			return NOT_A_MESSAGE;
		}
	}

	/**
	 * Whether {@code message}, a message the SDK wrote, is a response: read only until its first
	 * {@code method}, {@code result} or {@code error} member, which for the SDK's responses comes
	 * right after the id, so a large result is not tokenized.
	 */
	public static boolean isAnswer(String message) {
		try (JsonParser parser = Streaming.FACTORY.createParser(ObjectReadContext.empty(), message)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return false;
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				parser.nextToken();
				if ("method".equals(name)) {
					return false;
				}
				if ("result".equals(name) || "error".equals(name)) {
					return true;
				}
				parser.skipChildren();
			}
			return false;
		}
		catch (JacksonException ex) {
			return false;
		}
	}

	/** Reads an object to its end; answers its {@code name} member if that is a string. */
	private static String nameIn(JsonParser parser) {
		String found = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if ("name".equals(name) && value == JsonToken.VALUE_STRING) {
				found = parser.getString();
			}
			parser.skipChildren();
		}
		return found;
	}

	private static String idText(JsonParser parser, JsonToken value) {
		if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
			return parser.getString();
		}
		if (value == JsonToken.VALUE_STRING) {
			StringBuilder quoted = new StringBuilder().append('"');
			JsonStringEncoder.getInstance().quoteAsString(parser.getString(), quoted);
			return quoted.append('"').toString();
		}
		return null;
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, JsonRpcBody.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}


	/** Jackson 3's tokenizer, loaded only when it is on the class path ({@link #AVAILABLE}). */
	private static final class Streaming {

		// Buffers recycled per thread: Jackson's default shared deque pool was half of this pass's cost at
		// 32 connections (two contended deque operations per parse, async-profiler in benchmarks.md).
		static final JsonFactory FACTORY = JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build();

	}

	/**
	 * Reads request bodies and the SDK's messages: with {@link JsonRpcBody}'s streaming pass when
	 * Jackson 3's streaming jar is on the class path (the SDK's JSON module brings it), else with the
	 * SDK's own mapper. Every adapter and the request flow read bodies here, once per request.
	 */
	public static final class Reader {

		private final McpJsonMapper jsonMapper;

		public Reader(McpJsonMapper jsonMapper) {
			this.jsonMapper = jsonMapper;
		}

		/**
		 * What {@code body} is: one JSON-RPC message as the SDK tells them apart (an object with a
		 * {@code method}, or with a {@code result} or an {@code error}) or not, its method, whether it
		 * is a client's answer; within Jackson's default nesting limit. One streaming pass, no tree.
		 */
		public JsonRpcBody read(byte[] body) {
			if (JsonRpcBody.AVAILABLE) {
				return JsonRpcBody.read(body);
			}
			if (body == null || body.length == 0) {
				return new JsonRpcBody(false, null, false);
			}
			try {
				if (this.jsonMapper.readValue(body, Object.class) instanceof Map<?, ?> message) {
					String method = message.get("method") instanceof String name ? name : null;
					boolean answer = message.containsKey("result") || message.containsKey("error");
					Object id = message.get("id");
					return new JsonRpcBody(method != null || answer, method, answer && method == null,
							id instanceof String || id instanceof Number ? this.jsonMapper.writeValueAsString(id) : null,
							message.get("params") instanceof Map<?, ?> params && params.get("name") instanceof String name ? name
									: null);
				}
			}
			catch (IOException | RuntimeException ex) {
				// not JSON: no message
			}
			return new JsonRpcBody(false, null, false);
		}

		/** Whether {@code message}, a message the SDK wrote, is a response (see {@link JsonRpcBody#isAnswer(String)}). */
		public boolean isAnswer(String message) {
			if (JsonRpcBody.AVAILABLE) {
				return JsonRpcBody.isAnswer(message);
			}
			return read(message.getBytes(StandardCharsets.UTF_8)).isAnswer();
		}

		/** The {@code id} of a JSON-RPC request body, or {@code null} if there is none or the body is not Streaming.FACTORY. */
		public Object requestId(byte[] body) {
			if (body == null || body.length == 0) {
				return null;
			}
			try {
				if (this.jsonMapper.readValue(body, Object.class) instanceof Map<?, ?> message) {
					Object id = message.get("id");
					return id instanceof String || id instanceof Number ? id : null;
				}
			}
			catch (IOException | RuntimeException ex) {
				// not a JSON object: no id
			}
			return null;
		}

	}

}
