package io.github.mcpsessions.examples;

import java.io.IOException;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /metrics}: every meter in Prometheus's text format. */
final class MetricsServlet extends HttpServlet {

	private static final long serialVersionUID = 1L;

	private final transient PrometheusMeterRegistry registry;

	MetricsServlet(PrometheusMeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setContentType("text/plain; version=0.0.4; charset=utf-8");
		response.getWriter().write(this.registry.scrape());
	}

}
