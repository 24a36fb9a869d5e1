/**
 * Resumable SSE streams (MCP 2025-11-25, SEP-1699): event ids, priming events, the event store and
 * the live delivery of a stream's events to a client that resumed it. Not an API: it may change in
 * any release.
 */
package io.github.mcpsessions.internal.streams;
