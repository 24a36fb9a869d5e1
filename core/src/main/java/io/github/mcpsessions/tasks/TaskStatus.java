package io.github.mcpsessions.tasks;

/**
 * Where a task is in its life (the tasks extension's {@code status}). {@link #COMPLETED},
 * {@link #FAILED} and {@link #CANCELLED} are terminal: a task that reached one never leaves it.
 *
 * @since 0.1.0
 */
public enum TaskStatus {

	/** Running. */
	WORKING("working"),

	/** Waiting for the client's answers to its input requests ({@code tasks/update}). */
	INPUT_REQUIRED("input_required"),

	/** The tool ran to its end; its result (which may report a tool error) is kept. */
	COMPLETED("completed"),

	/** A protocol-level failure (the tool threw, its replica died); a JSON-RPC error is kept. */
	FAILED("failed"),

	/** Stopped at the client's request ({@code tasks/cancel}). */
	CANCELLED("cancelled");

	private final String wireName;

	TaskStatus(String wireName) {
		this.wireName = wireName;
	}

	/** The status as the protocol and the stores write it, such as {@code input_required}. */
	public String wireName() {
		return this.wireName;
	}

	/** Whether the task is over. */
	public boolean isTerminal() {
		return this == COMPLETED || this == FAILED || this == CANCELLED;
	}

	/**
	 * The status a wire name stands for.
	 * @throws IllegalArgumentException for any other text
	 */
	public static TaskStatus fromWireName(String wireName) {
		for (TaskStatus status : values()) {
			if (status.wireName.equals(wireName)) {
				return status;
			}
		}
		throw new IllegalArgumentException("Unknown task status '" + wireName + "'");
	}

}
