/**
 * State that outlives calls without a protocol session: handles the server mints and the model
 * passes back as tool arguments (the MCP 2026-07-28 way), and one bucket per authenticated user.
 * Stored in any {@link io.github.mcpsessions.repository.SessionRepository}. Start at
 * {@link io.github.mcpsessions.state.StateHandles}.
 */
package io.github.mcpsessions.state;
