package io.github.mcpsessions.spring;

import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;

import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.testing.AdapterContract;
import io.github.mcpsessions.adapter.SessionPersistenceAdapter;

/**
 * The starter's adapter answers as every adapter does: the servlet filter on WebMvc here, the
 * WebFlux filter where spring-webflux-tests runs this class.
 */
class SpringAdapterContractTest extends AdapterContract {

	@Override
	protected Server start(SessionRepository store) {
		ConfigurableApplicationContext context = SpringMcpApp.start(0, SpringMcpApp.NO_DATA_SOURCE, Map.of("sessions", store));
		return new Server() {

			@Override
			public String url() {
				return SpringMcpApp.url(context);
			}

			@Override
			public SessionPersistenceAdapter adapter() {
				return context.getBean(SessionPersistenceAdapter.class);
			}

			@Override
			public void close() {
				context.close();
			}

		};
	}

}
