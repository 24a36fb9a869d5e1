/**
 * The example MCP server: the SDK's servlet provider wrapped by mcp-sessions, on embedded Tomcat,
 * with H2, PostgreSQL, Redis or in-memory sessions. Start at {@link io.github.mcpsessions.examples.ExampleServer}.
 */
package io.github.mcpsessions.examples;
