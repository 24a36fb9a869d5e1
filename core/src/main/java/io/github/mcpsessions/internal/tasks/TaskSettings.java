package io.github.mcpsessions.internal.tasks;

import java.time.Clock;
import java.time.Duration;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.server.feature.McpChangeBroadcaster;

/**
 * How tasks run here: the pool's size and queue, how long tasks are kept and polled, the runner's
 * lease and how often it is renewed, how long a call may answer before it becomes a task, the
 * largest result kept, and where task changes are announced ({@code null}: nowhere).
 */
public record TaskSettings(int concurrency, int queueSize, Duration ttl, Duration pollInterval, Duration lease,
		Duration tick, Duration cleanupInterval, Duration inlineWindow, int maxResultChars, String replicaId, McpJsonMapper jsonMapper,
		Clock clock, McpChangeBroadcaster changes) {
}
