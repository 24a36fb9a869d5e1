/**
 * Both MCP eras on one endpoint, and durable state for MCP 2026-07-28 (the MCP Java SDK 2.2
 * {@code io.modelcontextprotocol.modern} API), which has no sessions: {@link DualEraServlet} routes
 * each request to the session era or to the 2026-07-28 server, {@link DualEraFeatures} serves
 * tools, resources and prompts written once to both, {@link SharedKeyRequestStateCodec} seals
 * request state that opens on any replica, {@link BusChangeFeed} carries {@code subscriptions/listen}
 * changes between replicas.
 * Needs SDK 2.2 or later at run time; nothing else in this library loads these classes.
 */
package io.github.mcpsessions.eras;
