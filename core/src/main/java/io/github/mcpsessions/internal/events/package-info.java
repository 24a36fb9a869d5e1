/** What the event stores share. Not an API: it may change in any release. */
package io.github.mcpsessions.internal.events;
