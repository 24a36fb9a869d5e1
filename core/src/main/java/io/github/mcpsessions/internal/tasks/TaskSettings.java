package io.github.mcpsessions.internal.tasks;

import java.time.Clock;
import java.time.Duration;

import java.util.Set;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.server.feature.McpChangeBroadcaster;

import io.github.mcpsessions.tasks.TaskExecution;

/**
 * How tasks run here: the pool's size and queue, how long tasks are kept and polled, the runner's
 * lease and how often it is renewed, how long a call may answer before it becomes a task, the
 * largest result kept, where task changes are announced ({@code null}: nowhere), and the job engine
 * tasks run on ({@code null}: this replica's pool) with the tools it may run again.
 */
public record TaskSettings(int concurrency, int queueSize, Duration ttl, Duration pollInterval, Duration lease,
		Duration tick, Duration cleanupInterval, Duration inlineWindow, int maxResultChars, String replicaId, McpJsonMapper jsonMapper,
		Clock clock, McpChangeBroadcaster changes, TaskExecution execution, Set<String> rerunnable,
		Duration recoveryTimeout) {
}
