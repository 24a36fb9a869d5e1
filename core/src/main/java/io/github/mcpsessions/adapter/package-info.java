/**
 * What the HTTP adapters share, whatever serves their HTTP side: the settings, the persistence
 * around one SDK provider and the JSON-RPC error bodies. Applications use an adapter (the
 * {@code servlet} package or the Spring starter); new adapters build on this package.
 */
package io.github.mcpsessions.adapter;
