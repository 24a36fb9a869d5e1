/**
 * Durable state for servers of MCP 2026-07-28 (the MCP Java SDK 2.2 {@code io.modelcontextprotocol.modern}
 * API), which has no sessions: request state that opens on any replica. Needs SDK 2.2 or later at run
 * time; nothing else in this library loads these classes.
 */
package io.github.mcpsessions.modern;
