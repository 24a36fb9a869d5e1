package io.github.mcpsessions.examples;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import io.github.mcpsessions.health.StoreProbe;
import io.github.mcpsessions.health.StoredSessionCount;
import io.modelcontextprotocol.json.McpJsonMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health}: status {@code UP}, or {@code DEGRADED} while the store does not answer within
 * a second (the server still serves the sessions it holds, so it stays 200 and in a load balancer's
 * rotation), or {@code DRAINING} with 503 once a graceful stop began (load balancers take it out of
 * rotation); the store (one primary-key read, whatever the number of sessions); sessions held here,
 * and stored as of the last background count.
 */
final class HealthServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private final transient ExampleStore store;

	private final transient IntSupplier heldSessions;

	private final transient McpJsonMapper json;

	private final transient BooleanSupplier draining;

	private final transient StoreProbe probe;

	private final transient StoredSessionCount stored;

	HealthServlet(ExampleStore store, StoredSessionCount stored, IntSupplier heldSessions, BooleanSupplier draining,
			McpJsonMapper json) {
		this.store = store;
		this.stored = stored;
		this.probe = new StoreProbe(store.repository(), Duration.ofSeconds(1));
		this.draining = draining;
		this.heldSessions = heldSessions;
		this.json = json;
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (this.draining.getAsBoolean()) {
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
			response.setContentType("application/json");
			response.getWriter().write("{\"status\":\"DRAINING\"}");
			return;
		}
		StoreProbe.Result probe = this.probe.probe();
		Map<String, Object> storeHealth = new LinkedHashMap<>();
		storeHealth.put("type", this.store.kind().toString());
		storeHealth.put("location", this.store.location());
		storeHealth.put("answers", probe.reachable());
		storeHealth.put("probeMillis", probe.took().toMillis());
		if (probe.error() != null) {
			storeHealth.put("error", probe.error());
		}
		Map<String, Object> sessions = new LinkedHashMap<>();
		sessions.put("heldInThisProcess", this.heldSessions.getAsInt());
		sessions.put("stored", this.stored.value());
		sessions.put("storedCountedAt", String.valueOf(this.stored.countedAt()));
		Map<String, Object> health = new LinkedHashMap<>();
		health.put("status", probe.reachable() ? "UP" : "DEGRADED");
		health.put("store", storeHealth);
		health.put("sessions", sessions);
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(this.json.writeValueAsString(health));
	}

}
