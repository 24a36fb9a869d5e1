package io.github.mcpsessions.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

import io.github.mcpsessions.repository.InMemorySessionRepository;
import io.github.mcpsessions.testing.RawMcpHttp;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * Sessions are bound to the authenticated principal, as Spring Security exposes it through
 * {@code request.getUserPrincipal()} (here a filter stands in for Spring Security, reading a header).
 */
class SpringOwnerBindingTest {

	@Test
	void anotherPrincipalGetsTheSame404AsAnUnknownSession() {
		Filter authentication = (request, response, chain) -> {
			String user = ((HttpServletRequest) request).getHeader("X-User");
			chain.doFilter(user == null ? request : new HttpServletRequestWrapper((HttpServletRequest) request) {
				@Override
				public java.security.Principal getUserPrincipal() {
					return () -> user;
				}
			}, response);
		};
		FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(authentication);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		try (ConfigurableApplicationContext context = SpringMcpApp.start(0, SpringMcpApp.NO_DATA_SOURCE,
				Map.of("sessions", new InMemorySessionRepository(), "fakeSecurity", registration))) {
			String url = SpringMcpApp.url(context);
			String sessionId = RawMcpHttp.initialize(url, Map.of("X-User", "alice"));

			assertThat(RawMcpHttp.post(url, sessionId, RawMcpHttp.toolCall(2, "whoami"), Map.of("X-User", "alice")).statusCode())
				.isEqualTo(200);
			assertThat(RawMcpHttp.post(url, sessionId, RawMcpHttp.toolCall(3, "whoami"), Map.of("X-User", "mallory")).body())
				.contains("Session not found");
			assertThat(RawMcpHttp.post(url, sessionId, RawMcpHttp.toolCall(4, "whoami"), Map.of()).statusCode()).isEqualTo(404);
		}
	}

}
