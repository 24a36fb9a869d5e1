/**
 * Not an API. Where a request is decided: {@code SessionRequestFlow} decides what happens to a
 * request on the MCP endpoint and carries the decision out on an adapter's {@code HttpExchange}, the
 * four calls each web stack translates into its own HTTP types.
 */
package io.github.mcpsessions.internal.flow;
