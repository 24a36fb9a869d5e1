package io.github.mcpsessions.spring;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;

import io.github.mcpsessions.testing.ResumableStreamsContract;
import io.github.mcpsessions.adapter.SessionPersistenceAdapter;

/**
 * Resumable streams through the starter: an {@code EventStore} bean turns them on, the properties
 * set the rest. On WebMvc here (the servlet filter), on WebFlux where spring-webflux-tests runs this
 * class; both on the SDK Spring AI brings (2.0).
 */
class SpringResumableStreamsTest extends ResumableStreamsContract {

	@Override
	protected Server start(Setup setup) {
		Map<String, Object> properties = new HashMap<>(SpringMcpApp.NO_DATA_SOURCE);
		properties.put("mcp.sessions.resumable-streams.retry", "100ms");
		properties.put("mcp.sessions.resumable-streams.polling-tools", String.join(",", setup.pollingTools()));
		ConfigurableApplicationContext context = SpringMcpApp.start(0, properties, Map.of("sessions", setup.repository(),
				"bus", setup.bus(), "events", setup.events(), "extraTools", new SpringMcpApp.ExtraTools(setup.tools())));
		return new Server() {

			@Override
			public String url() {
				return SpringMcpApp.url(context);
			}

			@Override
			public int port() {
				return SpringMcpApp.port(context);
			}

			@Override
			public void goSilent() {
				try {
					((AutoCloseable) context.getBean(SessionPersistenceAdapter.class)).close();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}

			@Override
			public void close() {
				context.close();
			}

		};
	}

}
