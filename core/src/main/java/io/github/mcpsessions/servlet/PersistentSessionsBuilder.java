package io.github.mcpsessions.servlet;

import java.util.Objects;
import java.util.function.Function;

import io.github.mcpsessions.repository.SessionRepository;
import io.github.mcpsessions.adapter.PersistentSessionsSettings;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The settings of the servlet-hosted adapters (the decorated servlet, the filter in front of a
 * framework's servlet): the shared ones, plus the owner taken from each servlet request.
 *
 * @param <B> the concrete builder, returned by every setter
 * @since 0.1.0
 */
public abstract class PersistentSessionsBuilder<B extends PersistentSessionsBuilder<B>>
		extends PersistentSessionsSettings<B> {

	private Function<HttpServletRequest, String> ownerResolver;

	PersistentSessionsBuilder(SessionRepository repository) {
		super(repository);
	}

	/**
	 * Binds sessions to an owner taken from each request (e.g. the OAuth subject). A request for a
	 * session from another owner gets the same 404 as an unknown id. The function returns
	 * {@code null} for anonymous requests.
	 */
	public B ownerResolver(Function<HttpServletRequest, String> ownerResolver) {
		this.ownerResolver = Objects.requireNonNull(ownerResolver, "ownerResolver");
		return self();
	}

	Function<HttpServletRequest, String> ownerResolver() {
		return this.ownerResolver;
	}

}
