package io.github.mcpsessions.spring;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import io.github.mcpsessions.adapter.SessionPersistenceAdapter;

/**
 * Last step of a graceful stop, after Spring's graceful shutdown let requests finish and before the
 * web server and the MCP server stop: waits for MCP requests still in flight (at most the drain
 * timeout), then closes the adapter (pending server-to-client requests answered with an error,
 * throttled session uses written, the cleaner stopped).
 */
final class ClosingLifecycle implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(ClosingLifecycle.class);

	private final SessionPersistenceAdapter adapter;

	private final AutoCloseable closing;

	private final Duration drainTimeout;

	private volatile boolean running;

	ClosingLifecycle(SessionPersistenceAdapter adapter, AutoCloseable closing, Duration drainTimeout) {
		this.adapter = adapter;
		this.closing = closing;
		this.drainTimeout = drainTimeout == null ? Duration.ZERO : drainTimeout;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.adapter.startDraining();
		try {
			if (!this.adapter.awaitRequestsInFlight(this.drainTimeout)) {
				logger.warn("MCP requests still in flight after the drain timeout of {}; closing anyway", this.drainTimeout);
			}
			this.closing.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.warn("Closing MCP session persistence failed: {}", ex.toString());
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Between Spring's graceful shutdown ({@code DEFAULT_PHASE - 1024}) and the web server's stop ({@code - 2048}). */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1536;
	}

}
