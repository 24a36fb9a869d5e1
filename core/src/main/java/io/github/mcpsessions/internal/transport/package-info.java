/** Not an API. What every HTTP adapter shares below its settings: JSON-RPC bodies and error answers, requests in flight. */
package io.github.mcpsessions.internal.transport;
