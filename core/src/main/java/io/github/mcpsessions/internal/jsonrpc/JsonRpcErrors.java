package io.github.mcpsessions.internal.jsonrpc;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.modelcontextprotocol.json.McpJsonMapper;

import io.github.mcpsessions.session.SessionRejection;

/**
 * Writes the body of every error response an adapter sends: a JSON-RPC error object
 * ({@code {"jsonrpc":"2.0","id":...,"error":{"code":...,"message":...}}}), never a Java exception,
 * so clients of every adapter read the same codes and messages.
 *
 * @since 0.1.0
 */
public final class JsonRpcErrors {

	/** No session has the requested id (the MCP TypeScript SDK uses the same code). */
	public static final int SESSION_NOT_FOUND = -32001;

	/** The session store is unavailable; retry. */
	public static final int STORE_UNAVAILABLE = -32002;

	public static final int INVALID_REQUEST = -32600;

	public static final int INTERNAL_ERROR = -32603;

	public static final String SESSION_NOT_FOUND_MESSAGE = "Session not found: it does not exist, has expired or was deleted. "
			+ "Send a new initialize request without an Mcp-Session-Id header to start a new session.";

	public static final String SESSION_EXPIRED_MESSAGE = "Session expired after it was not used for too long. "
			+ "Send a new initialize request without an Mcp-Session-Id header to start a new session.";

	public static final String MALFORMED_ID_MESSAGE = "The Mcp-Session-Id header is not a valid session id. "
			+ "Send a new initialize request without an Mcp-Session-Id header to start a new session.";

	public static final String STORE_UNAVAILABLE_MESSAGE = "The session store is unavailable; your session is kept. "
			+ "Retry this request in a few seconds.";

	public static final String INIT_STORE_UNAVAILABLE_MESSAGE = "The session store is unavailable, so no session was created. "
			+ "Retry initialize in a few seconds.";

	public static final String NOT_JSON_RPC_MESSAGE = "The request body is not a JSON-RPC message (or is nested too deeply). "
			+ "Send one JSON-RPC request, notification or response as a JSON object.";

	public static final String RESTORE_FAILED_MESSAGE = "The session could not be restored on this server right now; "
			+ "it is kept. Retry this request in a few seconds.";

	/** The store did not answer; the session is kept (503, retry). */
	public static final Refusal STORE_DOWN = new Refusal(503, STORE_UNAVAILABLE, STORE_UNAVAILABLE_MESSAGE, true);

	/** The store did not answer an initialize; no session was made (503, retry). */
	public static final Refusal INIT_STORE_DOWN = new Refusal(503, STORE_UNAVAILABLE, INIT_STORE_UNAVAILABLE_MESSAGE, true);

	public static final String NOT_READY_MESSAGE = "This server cannot reach its session store yet (it is starting, "
			+ "or the store or the replica message bus is down); no session was touched. Retry in a few seconds.";

	/** The replica is not ready: a store part has not started, or its bus is lost (503, retry). */
	public static final Refusal NOT_READY = new Refusal(503, STORE_UNAVAILABLE, NOT_READY_MESSAGE, true);

	/** The session could not be rebuilt here right now (503, retry). */
	public static final Refusal RESTORE_FAILED = new Refusal(503, STORE_UNAVAILABLE, RESTORE_FAILED_MESSAGE, true);

	public static final String INTERNAL_ERROR_MESSAGE = "The server failed to handle the session (an internal error, "
			+ "logged on the server).";

	/** What a refusal of an HTTP method answers {@code Allow} with. */
	public static final String ALLOWED_METHODS = "GET, POST, DELETE";

	/** An HTTP method the MCP endpoint does not take (405, with {@code Allow}: {@link Refusal#allow()}). */
	public static final Refusal METHOD_NOT_ALLOWED = new Refusal(405, INVALID_REQUEST, messageForStatus(405), false);

	/** A POST body larger than the adapter reads (413). */
	public static final Refusal BODY_TOO_LARGE = new Refusal(413, INVALID_REQUEST, messageForStatus(413), false);

	/** Session handling failed for a reason that is neither the store nor the record (500, no retry). */
	public static final Refusal SESSION_HANDLING_FAILED = new Refusal(500, INTERNAL_ERROR, INTERNAL_ERROR_MESSAGE, false);

	/** The body is not one JSON-RPC message (400). */
	public static final Refusal NOT_JSON_RPC = new Refusal(400, INVALID_REQUEST, NOT_JSON_RPC_MESSAGE, false);

	/** Seconds a client should wait before retrying after a 503. */
	public static final String RETRY_AFTER_SECONDS = "5";

	private final McpJsonMapper jsonMapper;

	public JsonRpcErrors(McpJsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/** The JSON text of an error with this request id (may be {@code null}), code and message. */
	public String body(Object id, int code, String message) {
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

	/** The HTTP status, JSON-RPC code and message that refuse a request for a session the lifecycle rejected. */
	public static Refusal refusalFor(SessionRejection rejection) {
		return switch (rejection) {
			case STORE_UNAVAILABLE -> STORE_DOWN;
			case INTERNAL_ERROR -> SESSION_HANDLING_FAILED;
			case MALFORMED_ID -> new Refusal(404, SESSION_NOT_FOUND, MALFORMED_ID_MESSAGE, false);
			case EXPIRED -> new Refusal(404, SESSION_NOT_FOUND, SESSION_EXPIRED_MESSAGE, false);
			default -> new Refusal(404, SESSION_NOT_FOUND, SESSION_NOT_FOUND_MESSAGE, false);
		};
	}

	/**
	 * The answer replacing an error the SDK wrote: its code and message kept, anything else it
	 * carried dropped (a stack trace, the full session id); a 404 always reads as an unknown session.
	 * @param sdkBody the body the SDK wrote, or {@code null}
	 * @param sentMessage a message the SDK gave besides the body, or {@code null}
	 */
	public Refusal forSdkError(int status, byte[] sdkBody, String sentMessage) {
		if (status == 404) {
			return new Refusal(status, SESSION_NOT_FOUND, SESSION_NOT_FOUND_MESSAGE, false);
		}
		ErrorDetail detail = detailOf(sdkBody);
		int code = detail != null && detail.code() != null ? detail.code() : codeForStatus(status);
		String message = detail != null ? detail.message() : sentMessage != null ? sentMessage : messageForStatus(status);
		return new Refusal(status, code, message, false);
	}

	/** The JSON-RPC code for an HTTP error status, when the SDK's error carried none. */
	public static int codeForStatus(int status) {
		if (status == 404) {
			return SESSION_NOT_FOUND;
		}
		if (status == 503) {
			return STORE_UNAVAILABLE;
		}
		return status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
	}

	/** A message for an HTTP error the SDK sent without one. */
	public static String messageForStatus(int status) {
		return switch (status) {
			case 403 -> "The request was refused by the server's Host/Origin validation.";
			case 405 -> "This HTTP method is not allowed on the MCP endpoint.";
			case 413 -> "The request body is larger than this server accepts.";
			case 415 -> "Content-Type must be application/json.";
			default -> "The MCP transport answered HTTP " + status + ".";
		};
	}

	/**
	 * The code and message of an error body the SDK wrote (its serialized {@code McpError}), without
	 * anything else it carried (a stack trace, the full session id).
	 */
	public ErrorDetail detailOf(byte[] sdkBody) {
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

	/** An error answer: HTTP status, JSON-RPC code and message, and whether to send {@code Retry-After}. */
	public record Refusal(int status, int code, String message, boolean retryAfter) {

		/** What to answer {@code Allow} with: the methods the endpoint takes for a 405, else {@code null}. */
		public String allow() {
			return this.status == 405 ? ALLOWED_METHODS : null;
		}

	}

	/** Code and message taken from an SDK error body; the code may be missing. */
	public record ErrorDetail(Integer code, String message) {
	}

}
