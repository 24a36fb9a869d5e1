/**
 * Example MCP server wired with mcp-sessions. Not built yet: see issue 5.
 */
package io.github.mcpsessions.examples;
