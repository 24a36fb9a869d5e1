/**
 * Spring Boot auto-configuration that makes a Spring AI MCP server's sessions persistent: it finds
 * the provider Spring AI created, puts {@link io.github.mcpsessions.servlet.PersistentSessionsFilter}
 * in front of its endpoint and picks the store from the application's {@code DataSource} or Redis.
 */
package io.github.mcpsessions.spring;
