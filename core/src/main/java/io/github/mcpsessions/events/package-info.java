/**
 * The event store behind resumable SSE streams (MCP 2025-11-25, SEP-1699): the events of a session's
 * streams, kept so that a client that lost a stream resumes it with {@code Last-Event-ID} on any
 * replica and after a restart. {@link io.github.mcpsessions.events.EventStore} is the SPI;
 * {@link io.github.mcpsessions.events.InMemoryEventStore} keeps events in one process.
 */
package io.github.mcpsessions.events;
