/**
 * Not an API. Where sessions are found and restored: {@code SessionAccess} looks up the session a
 * request names, makes the SDK here hold it (rebuilt under its original id, once), touches and ends it.
 */
package io.github.mcpsessions.internal.access;
