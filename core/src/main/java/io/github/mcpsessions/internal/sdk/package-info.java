/**
 * Not an API. Where the MCP SDK is touched: {@code SdkBridge} (the persisting session factory, the
 * sessions the provider holds, restores, notification routing, listening streams and pending client
 * requests at a stop), and the only code that reads the SDK's insides ({@code SdkInternals},
 * {@code SdkSessionMap}).
 */
package io.github.mcpsessions.internal.sdk;
