package io.github.mcpsessions.tasks;

/**
 * Whether a tool's calls may run as tasks (the tool's {@code execution.taskSupport} in
 * {@code tools/list}, MCP tasks extension).
 *
 * @since 0.1.0
 */
public enum TaskSupport {

	/** Never a task: the call is answered when the tool returns (the default of every tool). */
	FORBIDDEN("forbidden"),

	/**
	 * A task when the client declared the tasks extension and the tool does not answer within the
	 * inline window; otherwise answered when the tool returns.
	 */
	OPTIONAL("optional"),

	/**
	 * Only as a task: a client that did not declare the tasks extension gets error -32021 (missing
	 * required client capability). A tool that answers within the inline window (say, with an
	 * {@code input_required} round) is still answered directly.
	 */
	REQUIRED("required");

	private final String wireName;

	TaskSupport(String wireName) {
		this.wireName = wireName;
	}

	/** The value of {@code execution.taskSupport} on the wire. */
	public String wireName() {
		return this.wireName;
	}

}
