package io.github.mcpsessions.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * What a store test does when the server it needs cannot be reached: on CI ({@code CI=true}) it
 * fails, since a skipped store test proves nothing; on a developer's machine it is skipped with
 * the reason and the environment variable that points it elsewhere.
 */
public final class RequiredService {

	private RequiredService() {
	}

	public static boolean onCi() {
		return "true".equalsIgnoreCase(System.getenv("CI"));
	}

	/** Fails (on CI) or skips (elsewhere) the calling test; never returns normally. */
	public static RuntimeException unavailable(String service, String address, String environmentVariable,
			Throwable cause) {
		String message = service + " is not reachable at " + address + " (" + cause + "). Start it, or point "
				+ environmentVariable + " at one.";
		if (onCi()) {
			throw new AssertionError(message + " CI=true: store tests must run, not skip.", cause);
		}
		Assumptions.abort(message);
		throw new IllegalStateException("unreachable");
	}

}
