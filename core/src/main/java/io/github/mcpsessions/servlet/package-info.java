/**
 * The servlet adapters: {@link io.github.mcpsessions.servlet.PersistentStreamableServletTransportProvider}
 * wraps the SDK's servlet provider, {@link io.github.mcpsessions.servlet.PersistentSessionsFilter} stands
 * in front of a framework's servlet (Spring AI WebMvc). Both turn the session logic's answers into
 * HTTP: restore, forward, or a JSON-RPC error.
 */
package io.github.mcpsessions.servlet;
