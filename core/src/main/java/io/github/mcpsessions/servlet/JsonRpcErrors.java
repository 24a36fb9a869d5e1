package io.github.mcpsessions.servlet;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.modelcontextprotocol.json.McpJsonMapper;

/**
 * Writes the body of every error response the decorator sends: a JSON-RPC error object
 * ({@code {"jsonrpc":"2.0","id":...,"error":{"code":...,"message":...}}}), never a Java exception.
 */
final class JsonRpcErrors {

	/** No session has the requested id (the MCP TypeScript SDK uses the same code). */
	static final int SESSION_NOT_FOUND = -32001;

	/** The session store is unavailable; retry. */
	static final int STORE_UNAVAILABLE = -32002;

	static final int INVALID_REQUEST = -32600;

	static final int INTERNAL_ERROR = -32603;

	static final String SESSION_NOT_FOUND_MESSAGE = "Session not found: it does not exist, has expired or was deleted. "
			+ "Send a new initialize request without an Mcp-Session-Id header to start a new session.";

	static final String SESSION_EXPIRED_MESSAGE = "Session expired after it was not used for too long. "
			+ "Send a new initialize request without an Mcp-Session-Id header to start a new session.";

	static final String MALFORMED_ID_MESSAGE = "The Mcp-Session-Id header is not a valid session id. "
			+ "Send a new initialize request without an Mcp-Session-Id header to start a new session.";

	static final String STORE_UNAVAILABLE_MESSAGE = "The session store is unavailable; your session is kept. "
			+ "Retry this request in a few seconds.";

	static final String INIT_STORE_UNAVAILABLE_MESSAGE = "The session store is unavailable, so no session was created. "
			+ "Retry initialize in a few seconds.";

	static final String RESTORE_FAILED_MESSAGE = "The session could not be restored on this server right now; "
			+ "it is kept. Retry this request in a few seconds.";

	/** Seconds a client should wait before retrying after a 503. */
	static final String RETRY_AFTER_SECONDS = "5";

	private final McpJsonMapper jsonMapper;

	JsonRpcErrors(McpJsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	String body(Object id, int code, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", code);
		error.put("message", message);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("jsonrpc", "2.0");
		body.put("id", id);
		body.put("error", error);
		try {
			return this.jsonMapper.writeValueAsString(body);
		}
		catch (IOException ex) {
			return "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":" + code + ",\"message\":\"Error\"}}";
		}
	}

	/** The JSON-RPC code for an HTTP error status, when the SDK's error carried none. */
	static int codeForStatus(int status) {
		if (status == 404) {
			return SESSION_NOT_FOUND;
		}
		if (status == 503) {
			return STORE_UNAVAILABLE;
		}
		return status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
	}

	/** A message for an HTTP error the SDK sent without one. */
	static String messageForStatus(int status) {
		return switch (status) {
			case 403 -> "The request was refused by the server's Host/Origin validation.";
			case 405 -> "This HTTP method is not allowed on the MCP endpoint.";
			case 413 -> "The request body is larger than this server accepts.";
			case 415 -> "Content-Type must be application/json.";
			default -> "The MCP transport answered HTTP " + status + ".";
		};
	}

	/** The {@code id} of a JSON-RPC request body, or {@code null} if there is none or the body is not JSON. */
	Object requestId(byte[] body) {
		Object id = member(body, "id");
		return id instanceof String || id instanceof Number ? id : null;
	}

	/** The {@code method} of a JSON-RPC request body, or {@code null}. */
	String requestMethod(byte[] body) {
		return member(body, "method") instanceof String method ? method : null;
	}

	private Object member(byte[] body, String name) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			if (this.jsonMapper.readValue(body, Object.class) instanceof Map<?, ?> message) {
				return message.get(name);
			}
		}
		catch (IOException | RuntimeException ex) {
			// not a JSON object: no member
		}
		return null;
	}

	/**
	 * The code and message of an error body the SDK wrote (its serialized {@code McpError}), without
	 * anything else it carried (a stack trace, the full session id).
	 */
	ErrorDetail detailOf(byte[] sdkBody) {
		if (sdkBody == null || sdkBody.length == 0) {
			return null;
		}
		try {
			Object parsed = this.jsonMapper.readValue(sdkBody, Object.class);
			if (parsed instanceof Map<?, ?> error) {
				Object rpc = error.get("jsonRpcError");
				Map<?, ?> source = rpc instanceof Map<?, ?> rpcError ? rpcError : error;
				Object code = source.get("code");
				Object message = source.get("message");
				if (message instanceof String text) {
					return new ErrorDetail(code instanceof Number number ? number.intValue() : null, text);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not JSON: no detail
		}
		return null;
	}

	/** Code and message taken from an SDK error body; the code may be missing. */
	record ErrorDetail(Integer code, String message) {
	}

}
