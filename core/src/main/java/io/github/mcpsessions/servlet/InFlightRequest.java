package io.github.mcpsessions.servlet;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import io.github.mcpsessions.internal.drain.GracefulStop;

/**
 * A request counted in the adapter's {@link GracefulStop} until its response is complete. An asynchronous
 * (SSE) response completes on another thread, so its listener is added as the SDK starts it, on
 * the thread that starts it: the only moment a listener can be added without racing the completion.
 */
final class InFlightRequest extends HttpServletRequestWrapper implements AsyncListener {

	private final GracefulStop inFlight;

	private final AtomicBoolean finished = new AtomicBoolean();

	private volatile boolean async;

	InFlightRequest(HttpServletRequest request, GracefulStop inFlight) {
		super(request);
		this.inFlight = inFlight;
		inFlight.requestStarted();
	}

	@Override
	public AsyncContext startAsync() {
		return tracked(super.startAsync());
	}

	@Override
	public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
		return tracked(super.startAsync(request, response));
	}

	private AsyncContext tracked(AsyncContext context) {
		if (!this.async) {
			this.async = true;
			context.addListener(this);
		}
		return context;
	}

	/** Called when the servlet returns: a response that did not go asynchronous is complete now. */
	void servletReturned() {
		if (!this.async) {
			finish();
		}
	}

	@Override
	public void onComplete(AsyncEvent event) {
		finish();
	}

	@Override
	public void onTimeout(AsyncEvent event) {
		finish();
	}

	@Override
	public void onError(AsyncEvent event) {
		finish();
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
	}

	private void finish() {
		if (this.finished.compareAndSet(false, true)) {
			this.inFlight.requestFinished();
		}
	}

}
