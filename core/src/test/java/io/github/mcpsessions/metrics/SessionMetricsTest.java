package io.github.mcpsessions.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import io.github.mcpsessions.internal.lifecycle.SessionIds;
import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.CountingSessionRepository;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.testing.TestMcpServer;

/** The meters count what happened to sessions, as seen through real HTTP requests. */
class SessionMetricsTest {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final SessionMetrics metrics = new SessionMetrics(this.registry);

	private final CountingSessionRepository store = new CountingSessionRepository(new InMemorySessionRepository());

	@Test
	void createdRestoredDeletedAndRejectedSessionsAreCounted() {
		String sessionId;
		try (TestMcpServer first = TestMcpServer.builder(this.metrics.timed(this.store)).listener(this.metrics).start()) {
			this.metrics.monitor(first.provider());
			sessionId = RawMcpHttp.initialize(first.url());
			RawMcpHttp.post(first.url(), sessionId, RawMcpHttp.toolCall(2, "whoami"));

			assertThat(count("created")).isEqualTo(1);
			System.gc(); // the gauge must not lose what it reads (Micrometer holds gauge state weakly unless told)
			assertThat(this.registry.get("mcp.sessions.held").gauge().value()).isEqualTo(1);
		}
		try (TestMcpServer second = TestMcpServer.builder(this.metrics.timed(this.store)).listener(this.metrics).start()) {
			RawMcpHttp.post(second.url(), sessionId, RawMcpHttp.toolCall(3, "whoami"));
			RawMcpHttp.post(second.url(), SessionIds.generate(), RawMcpHttp.toolCall(4, "whoami"));
			RawMcpHttp.delete(second.url(), sessionId, java.util.Map.of());
			this.store.goDown();
			RawMcpHttp.post(second.url(), null, RawMcpHttp.INITIALIZE);
			this.store.comeBack();
		}

		assertThat(count("restored")).isEqualTo(1);
		assertThat(count("deleted")).isEqualTo(1);
		assertThat(this.registry.get("mcp.sessions.rejected").tag("reason", "unknown").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("mcp.sessions.rejected").tag("reason", "store-unavailable").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("mcp.sessions.store.calls").tag("operation", "save").tag("outcome", "success").timer().count())
			.isEqualTo(1);
		assertThat(this.registry.get("mcp.sessions.store.calls").tag("operation", "save").tag("outcome", "failure").timer().count())
			.isEqualTo(1);
		assertThat(this.registry.get("mcp.sessions.store.calls").tag("operation", "find").timer().count()).isPositive();
	}

	@Test
	void cacheHitsAndMissesAreCounted() {
		try (TestMcpServer server = TestMcpServer.builder(this.store).listener(this.metrics).start()) {
			this.metrics.monitor(server.provider());
			String sessionId = RawMcpHttp.initialize(server.url());
			for (int i = 0; i < 3; i++) {
				RawMcpHttp.post(server.url(), sessionId, RawMcpHttp.toolCall(10 + i, "whoami"));
			}
			RawMcpHttp.post(server.url(), SessionIds.generate(), RawMcpHttp.toolCall(20, "whoami"));

			assertThat(this.registry.get("mcp.sessions.cache.gets").tag("result", "hit").functionCounter().count())
				.isGreaterThanOrEqualTo(3);
			assertThat(this.registry.get("mcp.sessions.cache.gets").tag("result", "miss").functionCounter().count())
				.isEqualTo(1);
		}
	}

	private double count(String event) {
		return this.registry.get("mcp.sessions.events").tag("event", event).counter().count();
	}

}
