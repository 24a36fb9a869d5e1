/** Not an API. A graceful stop: draining, the requests in flight, what is failed and stopped at the end. */
package io.github.mcpsessions.internal.drain;
