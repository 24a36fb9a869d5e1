/**
 * What tool code sees: {@link io.github.mcpsessions.McpSessions} (whether a session was restored in
 * this process) and {@link io.github.mcpsessions.SessionAttributes} (small string state kept with the
 * session, in the store before a call returns); and {@link io.github.mcpsessions.IncompatibleSdkException},
 * thrown at start when the MCP SDK on the class path is not one this library supports.
 */
package io.github.mcpsessions;
