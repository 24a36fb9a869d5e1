package io.github.mcpsessions.examples;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.github.mcpsessions.health.Readiness;
import io.github.mcpsessions.health.StoreProbe;
import io.github.mcpsessions.health.StoredSessionCount;
import io.modelcontextprotocol.json.McpJsonMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health}: status {@code UP}; {@code DOWN} with 503 and the reason while the replica is
 * not ready (it started while its store was down and has not reached it yet, or its message bus has
 * long been lost: MCP requests get 503 too, and load balancers route elsewhere); {@code DEGRADED}
 * while a store it reached before does not answer within a second (the server still serves the
 * sessions it holds, so it stays 200 and in a load balancer's rotation); or {@code DRAINING} with
 * 503 once a graceful stop began. Then the store (one primary-key read, whatever the number of
 * sessions), sessions held here, and stored as of the last background count.
 */
final class HealthServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private final transient ExampleStore store;

	private final transient IntSupplier heldSessions;

	private final transient McpJsonMapper json;

	private final transient BooleanSupplier draining;

	private final transient StoreProbe probe;

	private final transient StoredSessionCount stored;

	private final transient Supplier<Readiness> readiness;

	HealthServlet(ExampleStore store, StoredSessionCount stored, IntSupplier heldSessions, Supplier<Readiness> readiness,
			BooleanSupplier draining, McpJsonMapper json) {
		this.store = store;
		this.readiness = readiness;
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
		Readiness ready = this.readiness.get();
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
		health.put("status", !ready.ready() ? "DOWN" : probe.reachable() ? "UP" : "DEGRADED");
		if (!ready.ready()) {
			health.put("reason", ready.reason());
			response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		}
		health.put("store", storeHealth);
		health.put("sessions", sessions);
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(this.json.writeValueAsString(health));
	}

}
