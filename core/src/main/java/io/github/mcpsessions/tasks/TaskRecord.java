package io.github.mcpsessions.tasks;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One task as a {@link TaskStore} keeps it: who created it, what it runs, where it is
 * ({@link TaskStatus}), and what the protocol shows of it ({@code tasks/get}); the JSON parts are
 * kept as JSON text, so stores need no JSON of their own.
 *
 * <p>Records are immutable. A change is a new record with the next {@link #version()}, made by the
 * methods below, which refuse to change a terminal task; {@link TaskStore#replace} stores it only if
 * the stored record is still the one it was made from (compare-and-set), so two replicas never
 * overwrite each other's changes.
 *
 * @param id the task id: unguessable (at least 128 bits from {@code SecureRandom}), at most 64 characters
 * @param owner who created it (the caller's principal), or {@code null} for anonymous; only the owner may see it
 * @param toolName the tool it runs
 * @param params the {@code tools/call} params as JSON text (name, arguments), so it can be run again
 * @param status where it is
 * @param statusMessage what the tool last said of its progress, or {@code null}
 * @param createdAt when it was created
 * @param lastUpdatedAt when its status, message, input requests, result or error last changed
 * @param ttl how long after {@link #createdAt} it is kept, whatever its status (the protocol's {@code ttlMs})
 * @param pollInterval how often clients are asked to poll it (the protocol's {@code pollIntervalMs})
 * @param result the tool's result as JSON text, once {@link TaskStatus#COMPLETED}
 * @param error a JSON-RPC error object as JSON text, once {@link TaskStatus#FAILED}
 * @param inputRequests the open input requests as a JSON object text (key to request), while
 *        {@link TaskStatus#INPUT_REQUIRED}, else {@code null}
 * @param inputResponses the client's answers to this round's input requests as a JSON object text, or {@code null}
 * @param cancelRequested whether a client asked to cancel it
 * @param runner the replica that runs it, or {@code null} while no replica does
 * @param leaseUntil until when {@link #runner} is known to be alive; a task whose lease ran out is
 *        failed by whoever reads it
 * @param version how many changes it has had, 0 when created
 * @since 0.1.0
 */
public record TaskRecord(String id, String owner, String toolName, String params, TaskStatus status,
		String statusMessage, Instant createdAt, Instant lastUpdatedAt, Duration ttl, Duration pollInterval,
		String result, String error, String inputRequests, String inputResponses, boolean cancelRequested,
		String runner, Instant leaseUntil, long version) {

	/** The longest task id a store must keep. */
	public static final int MAX_ID_LENGTH = 64;

	/**
	 * @throws IllegalArgumentException if a part is missing or out of range (a record read from a
	 * store is input, and is checked as such)
	 */
	public TaskRecord {
		if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
			throw new IllegalArgumentException("A task id must have 1 to " + MAX_ID_LENGTH + " characters");
		}
		require(toolName, "toolName");
		require(params, "params");
		require(status, "status");
		require(createdAt, "createdAt");
		require(lastUpdatedAt, "lastUpdatedAt");
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("A task's ttl must be positive");
		}
		if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("A task's pollInterval must be positive");
		}
		if (version < 0) {
			throw new IllegalArgumentException("A task's version must not be negative");
		}
		if (status == TaskStatus.COMPLETED && result == null) {
			throw new IllegalArgumentException("A completed task must have a result");
		}
		if (status == TaskStatus.FAILED && error == null) {
			throw new IllegalArgumentException("A failed task must have an error");
		}
		if (status == TaskStatus.INPUT_REQUIRED && inputRequests == null) {
			throw new IllegalArgumentException("A task that requires input must have input requests");
		}
	}

	private static void require(Object part, String name) {
		if (part == null) {
			throw new IllegalArgumentException("A task must have a " + name);
		}
	}

	/**
	 * A task just created: {@link TaskStatus#WORKING}, version 0, leased to {@code runner} until
	 * {@code leaseUntil} (or to nobody when {@code runner} is {@code null}).
	 */
	public static TaskRecord created(String id, String owner, String toolName, String params, Instant now,
			Duration ttl, Duration pollInterval, String runner, Instant leaseUntil) {
		return new TaskRecord(id, owner, toolName, params, TaskStatus.WORKING, null, now, now, ttl, pollInterval,
				null, null, null, null, false, runner, leaseUntil, 0);
	}

	/** When the task may be deleted: {@link #ttl()} after it was created. */
	public Instant expiresAt() {
		return this.createdAt.plus(this.ttl);
	}

	/** Whether the task is kept no longer at {@code now} (at {@link #expiresAt()} it still is). */
	public boolean isExpiredAt(Instant now) {
		return now.isAfter(expiresAt());
	}

	/** Whether a runner holds the task but its lease ran out before {@code now}: it died. */
	public boolean isAbandonedAt(Instant now) {
		return !this.status.isTerminal() && this.leaseUntil != null && now.isAfter(this.leaseUntil);
	}

	/** The task with a progress message. */
	public TaskRecord withStatusMessage(String message, Instant now) {
		active();
		return new TaskRecord(this.id, this.owner, this.toolName, this.params, this.status, message, this.createdAt, now,
				this.ttl, this.pollInterval, null, null, this.inputRequests, this.inputResponses, this.cancelRequested,
				this.runner, this.leaseUntil, this.version + 1);
	}

	/** The task waiting for the client's answers to {@code requests} (a JSON object text), a new round. */
	public TaskRecord requiringInput(String requests, Instant now) {
		active();
		Objects.requireNonNull(requests, "requests");
		return new TaskRecord(this.id, this.owner, this.toolName, this.params, TaskStatus.INPUT_REQUIRED,
				this.statusMessage, this.createdAt, now, this.ttl, this.pollInterval, null, null, requests, null,
				this.cancelRequested, this.runner, this.leaseUntil, this.version + 1);
	}

	/**
	 * The task after a client answered some of its input requests: {@code openRequests} are the ones
	 * still open ({@code null} when none are, and the task works again), {@code responses} all the
	 * answers of this round so far.
	 */
	public TaskRecord answered(String openRequests, String responses, Instant now) {
		active();
		Objects.requireNonNull(responses, "responses");
		return new TaskRecord(this.id, this.owner, this.toolName, this.params,
				openRequests == null ? TaskStatus.WORKING : TaskStatus.INPUT_REQUIRED, this.statusMessage,
				this.createdAt, now, this.ttl, this.pollInterval, null, null, openRequests, responses,
				this.cancelRequested, this.runner, this.leaseUntil, this.version + 1);
	}

	/** The task with a client's request to cancel it, for its runner to act on. */
	public TaskRecord withCancelRequested(Instant now) {
		active();
		return new TaskRecord(this.id, this.owner, this.toolName, this.params, this.status, this.statusMessage,
				this.createdAt, now, this.ttl, this.pollInterval, null, null, this.inputRequests, this.inputResponses,
				true, this.runner, this.leaseUntil, this.version + 1);
	}

	/** The task leased to {@code runner} until {@code until} (a renewal, or a new runner taking it). */
	public TaskRecord leasedTo(String runner, Instant until) {
		active();
		return new TaskRecord(this.id, this.owner, this.toolName, this.params, this.status, this.statusMessage,
				this.createdAt, this.lastUpdatedAt, this.ttl, this.pollInterval, null, null, this.inputRequests,
				this.inputResponses, this.cancelRequested, runner, until, this.version + 1);
	}

	/** The task done, with the tool's result (a JSON object text). */
	public TaskRecord completed(String result, Instant now) {
		return ended(TaskStatus.COMPLETED, Objects.requireNonNull(result, "result"), null, now);
	}

	/** The task failed, with a JSON-RPC error object (JSON text). */
	public TaskRecord failed(String error, Instant now) {
		return ended(TaskStatus.FAILED, null, Objects.requireNonNull(error, "error"), now);
	}

	/** The task cancelled. */
	public TaskRecord cancelled(Instant now) {
		return ended(TaskStatus.CANCELLED, null, null, now);
	}

	private TaskRecord ended(TaskStatus status, String result, String error, Instant now) {
		active();
		return new TaskRecord(this.id, this.owner, this.toolName, this.params, status, this.statusMessage,
				this.createdAt, now, this.ttl, this.pollInterval, result, error, null, null, this.cancelRequested, null,
				null, this.version + 1);
	}

	private void active() {
		if (this.status.isTerminal()) {
			throw new IllegalStateException("Task is " + this.status.wireName() + " and cannot change");
		}
	}

	@Override
	public String toString() {
		return "TaskRecord[" + this.id.substring(0, Math.min(8, this.id.length())) + "..., " + this.status.wireName()
				+ ", v" + this.version + "]";
	}

}
