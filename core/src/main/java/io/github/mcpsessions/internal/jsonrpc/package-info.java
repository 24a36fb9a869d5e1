/** Not an API. JSON-RPC bodies: what a request body is (read in one streaming pass) and every error answer. */
package io.github.mcpsessions.internal.jsonrpc;
