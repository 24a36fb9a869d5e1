package io.github.mcpsessions.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.web.server.WebFilter;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.spring.webflux.PersistentSessionsWebFilter;
import io.github.mcpsessions.testing.RawMcpHttp;
import io.github.mcpsessions.adapter.SessionPersistenceAdapter;
import reactor.core.publisher.Mono;

/**
 * On WebFlux a session is bound to the exchange's principal, as Spring Security sets it (here a
 * web filter stands in for it, reading a header), and the starter's filter is the WebFlux one.
 */
class WebFluxOwnerBindingTest {

	@Test
	void anotherPrincipalGetsTheSame404AsAnUnknownSession() {
		try (ConfigurableApplicationContext context = SpringMcpApp.start(0, SpringMcpApp.NO_DATA_SOURCE,
				Map.of("sessions", new InMemorySessionRepository(), "fakeSecurity", new HeaderPrincipalFilter()))) {
			assertThat(context.getBean(SessionPersistenceAdapter.class)).isInstanceOf(PersistentSessionsWebFilter.class);
			String url = SpringMcpApp.url(context);
			String sessionId = RawMcpHttp.initialize(url, Map.of("X-User", "alice"));

			assertThat(RawMcpHttp.post(url, sessionId, RawMcpHttp.toolCall(2, "whoami"), Map.of("X-User", "alice")).body())
				.contains(sessionId);
			assertThat(RawMcpHttp.post(url, sessionId, RawMcpHttp.toolCall(3, "whoami"), Map.of("X-User", "mallory")).body())
				.contains("Session not found");
			assertThat(RawMcpHttp.post(url, sessionId, RawMcpHttp.toolCall(4, "whoami"), Map.of()).statusCode()).isEqualTo(404);
			assertThat(RawMcpHttp.delete(url, sessionId, Map.of("X-User", "mallory")).statusCode()).isEqualTo(404);
			assertThat(RawMcpHttp.post(url, sessionId, RawMcpHttp.toolCall(5, "whoami"), Map.of("X-User", "alice")).statusCode())
				.isEqualTo(200);
		}
	}

	/** Sets the exchange's principal from {@code X-User}, first among the web filters, as Spring Security would. */
	static final class HeaderPrincipalFilter implements WebFilter, Ordered {

		@Override
		public Mono<Void> filter(org.springframework.web.server.ServerWebExchange exchange,
				org.springframework.web.server.WebFilterChain chain) {
			String user = exchange.getRequest().getHeaders().getFirst("X-User");
			if (user == null) {
				return chain.filter(exchange);
			}
			Principal principal = () -> user;
			return chain.filter(exchange.mutate().principal(Mono.just(principal)).build());
		}

		@Override
		public int getOrder() {
			return HIGHEST_PRECEDENCE;
		}

	}

}
