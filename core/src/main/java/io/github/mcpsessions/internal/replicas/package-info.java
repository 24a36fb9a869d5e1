/** Not an API. Routing between replicas over a message bus: sealed frames, the link, what is routed where. */
package io.github.mcpsessions.internal.replicas;
