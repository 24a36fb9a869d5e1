/**
 * Not an API. The session logic, free of HTTP: look up, create, touch, restore once, delete
 * ({@code SessionLifecycle}); expiry; session ids and their signatures; the sessions this process holds.
 */
package io.github.mcpsessions.internal.lifecycle;
