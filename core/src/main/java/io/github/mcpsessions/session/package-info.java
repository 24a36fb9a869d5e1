/**
 * What an application can learn about the life of sessions: {@link io.github.mcpsessions.session.SessionListener}
 * (created, restored, used, expired, deleted, rejected) and why a request was refused its session
 * ({@link io.github.mcpsessions.session.SessionRejection}).
 */
package io.github.mcpsessions.session;
