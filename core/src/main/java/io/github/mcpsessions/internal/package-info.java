/**
 * Implementation of this library, public only so that its modules can share it. Not an API: any
 * type under {@code io.github.mcpsessions.internal} may change or go in any release, and the API
 * compatibility check skips these packages. This package holds helpers every other one may use.
 */
package io.github.mcpsessions.internal;
