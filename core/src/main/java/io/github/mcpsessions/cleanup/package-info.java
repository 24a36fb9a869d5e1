/**
 * {@link io.github.mcpsessions.cleanup.SessionCleaner}: deletes expired records from a store in
 * bounded batches on a schedule. The adapters run one for the session store; an application runs one
 * for any other store it keeps (state handles, say).
 */
package io.github.mcpsessions.cleanup;
