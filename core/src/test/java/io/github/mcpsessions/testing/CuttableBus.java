package io.github.mcpsessions.testing;

import java.util.function.Consumer;

import io.github.mcpsessions.messaging.SessionMessageBus;
import io.github.mcpsessions.repository.SessionStoreException;

/** One replica's connection to a shared bus that a test can cut: while cut, it neither sends nor receives. */
public final class CuttableBus implements SessionMessageBus {

	private final SessionMessageBus shared;

	private volatile boolean cut;

	public CuttableBus(SessionMessageBus shared) {
		this.shared = shared;
	}

	public void cut() {
		this.cut = true;
	}

	public void restore() {
		this.cut = false;
	}

	@Override
	public void publish(String frame) {
		if (this.cut) {
			throw new SessionStoreException("bus cut by the test");
		}
		this.shared.publish(frame);
	}

	@Override
	public void subscribe(Consumer<String> subscriber) {
		this.shared.subscribe(frame -> {
			if (!this.cut) {
				subscriber.accept(frame);
			}
		});
	}

	@Override
	public void close() {
	}

}
