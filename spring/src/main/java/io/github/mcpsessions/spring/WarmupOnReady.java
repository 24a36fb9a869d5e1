package io.github.mcpsessions.spring;

import java.net.URI;
import java.time.Duration;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

import io.github.mcpsessions.adapter.SessionPersistenceAdapter;
import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.health.ReplicaWarmup;

/**
 * Runs a {@link ReplicaWarmup} against the application's own MCP endpoint once the application is
 * ready ({@code mcp.sessions.warm-up}; {@code 0s}: none); the health indicator stays {@code DOWN}
 * until it is done.
 */
final class WarmupOnReady implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

	private final SessionPersistenceAdapter adapter;

	private final Duration duration;

	private final String endpoint;

	private volatile ReplicaWarmup warmup;

	WarmupOnReady(SessionPersistenceAdapter adapter, Duration duration, String endpoint) {
		this.adapter = adapter;
		this.duration = duration;
		this.endpoint = endpoint;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		Environment environment = event.getApplicationContext().getEnvironment();
		String port = environment.getProperty("local.server.port");
		if (port == null || this.warmup != null || this.duration.isZero()) {
			return;
		}
		this.warmup = ReplicaWarmup.builder(this.adapter, URI.create("http://127.0.0.1:" + port + this.endpoint))
			.duration(this.duration)
			.start();
	}

	/** Not ready until the warm-up ran; always ready when it is off. */
	Readiness readiness() {
		if (this.duration.isZero()) {
			return Readiness.READY;
		}
		ReplicaWarmup current = this.warmup;
		return current != null ? current.readiness() : Readiness.notReady("warming up: not started yet");
	}

	@Override
	public void destroy() {
		ReplicaWarmup current = this.warmup;
		if (current != null) {
			current.close();
		}
	}

}
