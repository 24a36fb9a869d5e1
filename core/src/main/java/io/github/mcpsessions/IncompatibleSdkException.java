package io.github.mcpsessions;

/**
 * The MCP Java SDK on the class path does not have the internals this library relies on: thrown at
 * start-up, before any session is served, naming the SDK version found and the supported range.
 *
 * @since 0.1.0
 */
public class IncompatibleSdkException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	public IncompatibleSdkException(String message, Throwable cause) {
		super(message, cause);
	}

}
