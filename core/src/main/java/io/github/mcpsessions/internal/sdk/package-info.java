/** Not an API. Everything that depends on the MCP SDK's insides: reflection, the persisting session factory. */
package io.github.mcpsessions.internal.sdk;
