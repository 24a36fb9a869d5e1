/**
 * Starting store parts without their server: background starts retried with back-off, and the
 * wait of those who chose to fail fast.
 */
package io.github.mcpsessions.internal.startup;
