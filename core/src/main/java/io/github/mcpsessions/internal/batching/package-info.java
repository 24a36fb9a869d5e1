/** Not an API. Helpers for stores: {@code GroupedCalls} batches concurrent calls into one round trip. */
package io.github.mcpsessions.internal.batching;
