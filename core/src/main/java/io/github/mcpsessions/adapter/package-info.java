/**
 * What every HTTP adapter shares, whatever serves its HTTP side: the builders' common settings
 * ({@link io.github.mcpsessions.adapter.PersistentSessionsSettings}) and what an adapter shows of its
 * sessions to metrics, health checks and a drain
 * ({@link io.github.mcpsessions.adapter.SessionPersistenceAdapter}). Applications use an adapter (the
 * {@code servlet} package, the WebFlux filter or the Spring starter).
 */
package io.github.mcpsessions.adapter;
