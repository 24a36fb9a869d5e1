/**
 * Micrometer meters for sessions and their store. Optional: needs {@code io.micrometer:micrometer-core}
 * on the class path; nothing else in the library does.
 */
package io.github.mcpsessions.metrics;
