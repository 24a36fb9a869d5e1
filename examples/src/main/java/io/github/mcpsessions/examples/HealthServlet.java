package io.github.mcpsessions.examples;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import io.modelcontextprotocol.json.McpJsonMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health}: status {@code UP}, or {@code DEGRADED} while the store does not answer (the
 * server still serves the sessions it holds, so it stays 200 and in a load balancer's rotation), or
 * {@code DRAINING} with 503 once a graceful stop began (load balancers take it out of rotation);
 * the store; sessions held here and stored.
 */
final class HealthServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private final transient ExampleStore store;

	private final transient IntSupplier heldSessions;

	private final transient McpJsonMapper json;

	private final transient BooleanSupplier draining;

	HealthServlet(ExampleStore store, IntSupplier heldSessions, BooleanSupplier draining, McpJsonMapper json) {
		this.store = store;
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
		Long stored;
		String error = null;
		try {
			stored = this.store.repository().count();
		}
		catch (RuntimeException ex) {
			stored = null;
			error = ex.getMessage();
		}
		Map<String, Object> storeHealth = new LinkedHashMap<>();
		storeHealth.put("type", this.store.kind().toString());
		storeHealth.put("location", this.store.location());
		storeHealth.put("answers", stored != null);
		if (error != null) {
			storeHealth.put("error", error);
		}
		Map<String, Object> sessions = new LinkedHashMap<>();
		sessions.put("heldInThisProcess", this.heldSessions.getAsInt());
		sessions.put("stored", stored);
		Map<String, Object> health = new LinkedHashMap<>();
		health.put("status", stored != null ? "UP" : "DEGRADED");
		health.put("store", storeHealth);
		health.put("sessions", sessions);
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(this.json.writeValueAsString(health));
	}

}
