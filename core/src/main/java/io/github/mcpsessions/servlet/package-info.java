/**
 * Where a request is translated to servlet HTTP: {@link io.github.mcpsessions.servlet.PersistentStreamableServletTransportProvider}
 * wraps the SDK's servlet provider, {@link io.github.mcpsessions.servlet.PersistentSessionsFilter} stands
 * in front of a framework's servlet (Spring AI WebMvc). Both read a request's parts, hand them to the
 * request flow, and translate what it asks into servlet calls: to the SDK, a stream resumed from the
 * event store, 202, or a JSON-RPC error.
 */
package io.github.mcpsessions.servlet;
