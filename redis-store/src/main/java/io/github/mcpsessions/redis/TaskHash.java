package io.github.mcpsessions.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.github.mcpsessions.repository.UnreadableRecordException;
import io.github.mcpsessions.tasks.TaskRecord;
import io.github.mcpsessions.tasks.TaskStatus;

/**
 * How a task lies in one Redis hash: a field per record part (times and durations as milliseconds),
 * none for a part that is {@code null}.
 */
final class TaskHash {

	static final String VERSION = "version";

	private TaskHash() {
	}

	/** The fields as alternating names and values. */
	static String[] fields(TaskRecord task) {
		Map<String, String> fields = new LinkedHashMap<>();
		put(fields, "owner", task.owner());
		fields.put("toolName", task.toolName());
		fields.put("params", task.params());
		fields.put("status", task.status().wireName());
		put(fields, "statusMessage", task.statusMessage());
		fields.put("createdAt", Long.toString(task.createdAt().toEpochMilli()));
		fields.put("lastUpdatedAt", Long.toString(task.lastUpdatedAt().toEpochMilli()));
		fields.put("ttlMs", Long.toString(task.ttl().toMillis()));
		fields.put("pollIntervalMs", Long.toString(task.pollInterval().toMillis()));
		put(fields, "result", task.result());
		put(fields, "error", task.error());
		put(fields, "inputRequests", task.inputRequests());
		put(fields, "inputResponses", task.inputResponses());
		fields.put("cancelRequested", task.cancelRequested() ? "1" : "0");
		put(fields, "runner", task.runner());
		if (task.leaseUntil() != null) {
			fields.put("leaseUntil", Long.toString(task.leaseUntil().toEpochMilli()));
		}
		fields.put(VERSION, Long.toString(task.version()));
		String[] pairs = new String[fields.size() * 2];
		int i = 0;
		for (Map.Entry<String, String> field : fields.entrySet()) {
			pairs[i++] = field.getKey();
			pairs[i++] = field.getValue();
		}
		return pairs;
	}

	private static void put(Map<String, String> fields, String name, String value) {
		if (value != null) {
			fields.put(name, value);
		}
	}

	/** The task a hash holds; empty if the hash is empty (no such task). */
	static Optional<TaskRecord> task(String id, Map<String, String> fields) {
		if (fields.isEmpty()) {
			return Optional.empty();
		}
		try {
			String lease = fields.get("leaseUntil");
			return Optional.of(new TaskRecord(id, fields.get("owner"), fields.get("toolName"), fields.get("params"),
					TaskStatus.fromWireName(fields.get("status")), fields.get("statusMessage"),
					Instant.ofEpochMilli(Long.parseLong(fields.get("createdAt"))),
					Instant.ofEpochMilli(Long.parseLong(fields.get("lastUpdatedAt"))),
					Duration.ofMillis(Long.parseLong(fields.get("ttlMs"))),
					Duration.ofMillis(Long.parseLong(fields.get("pollIntervalMs"))), fields.get("result"),
					fields.get("error"), fields.get("inputRequests"), fields.get("inputResponses"),
					"1".equals(fields.get("cancelRequested")), fields.get("runner"),
					lease == null ? null : Instant.ofEpochMilli(Long.parseLong(lease)),
					Long.parseLong(fields.get(VERSION))));
		}
		catch (RuntimeException ex) {
			throw new UnreadableRecordException(id, "task hash: " + ex.getClass().getSimpleName() + " in a field", ex);
		}
	}

}
