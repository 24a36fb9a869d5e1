package io.github.mcpsessions.spring;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import io.github.mcpsessions.adapter.SessionPersistenceAdapter;

/**
 * First step of a graceful stop, before Spring's own graceful shutdown stops accepting connections:
 * the adapter starts draining (health {@code OUT_OF_SERVICE}, readiness {@code REFUSING_TRAFFIC},
 * responses ask clients to close their connections) and requests go on being served for the drain
 * period, while load balancers take this instance out of rotation; then the clients' listening
 * streams are ended, so they reopen on another instance.
 */
final class DrainingLifecycle implements SmartLifecycle {

	private final SessionPersistenceAdapter adapter;

	private final Duration drainPeriod;

	private final ApplicationEventPublisher events;

	private volatile boolean running;

	DrainingLifecycle(SessionPersistenceAdapter adapter, Duration drainPeriod, ApplicationEventPublisher events) {
		this.adapter = adapter;
		this.drainPeriod = drainPeriod == null ? Duration.ZERO : drainPeriod;
		this.events = events;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.adapter.startDraining();
		AvailabilityChangeEvent.publish(this.events, this, ReadinessState.REFUSING_TRAFFIC);
		if (!this.drainPeriod.isNegative() && !this.drainPeriod.isZero()) {
			LockSupport.parkNanos(this.drainPeriod.toNanos());
		}
		// Load balancers have stopped routing here: clients reopen their listening streams elsewhere, and
		// Spring's graceful shutdown does not wait its whole timeout for streams that never end.
		this.adapter.closeListeningStreams();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops before Spring's graceful shutdown of the web server ({@code DEFAULT_PHASE - 1024}). */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 100;
	}

}
