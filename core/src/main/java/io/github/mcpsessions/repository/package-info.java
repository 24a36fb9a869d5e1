/**
 * The storage SPI: {@link io.github.mcpsessions.repository.SessionRepository}, the record it stores
 * ({@link io.github.mcpsessions.repository.McpSessionRecord}), the exceptions that tell a store outage
 * ({@link io.github.mcpsessions.repository.SessionStoreException}, answered 503) from a record this
 * library cannot read, and an in-memory store for tests and single-process servers. Stores live in
 * their own modules (JDBC, Redis).
 */
package io.github.mcpsessions.repository;
