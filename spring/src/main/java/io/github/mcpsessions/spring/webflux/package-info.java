/**
 * The WebFlux adapter, {@link io.github.mcpsessions.spring.webflux.PersistentSessionsWebFilter}: what the
 * servlet adapters do, in a {@code WebFilter} in front of Spring AI's WebFlux provider, with every store
 * call on a scheduler for blocking work. The starter registers it; applications need not.
 */
package io.github.mcpsessions.spring.webflux;
