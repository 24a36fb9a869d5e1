/** Not an API. The Caffeine cache in front of every store: read-through, touch throttling, negative lookups. */
package io.github.mcpsessions.internal.cache;
