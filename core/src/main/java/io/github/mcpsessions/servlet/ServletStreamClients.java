package io.github.mcpsessions.servlet;

import java.io.PrintWriter;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

import io.github.mcpsessions.internal.streams.ResumableStream;

/** The servlet ends of resumable streams: a client's writer, and the end of an asynchronous response. */
final class ServletStreamClients {

	private ServletStreamClients() {
	}

	/** Sends to the client through {@code writer}, flushed at once; fails once the connection is gone. */
	static ResumableStream.Client writing(PrintWriter writer, Runnable end) {
		return new ResumableStream.Client() {
			@Override
			public void send(String text) {
				writer.write(text);
				writer.flush();
				if (writer.checkError()) {
					throw new IllegalStateException("the client's connection is closed");
				}
			}

			@Override
			public void end() {
				end.run();
			}
		};
	}

	/** Runs {@code ended} when the asynchronous response completes or fails, {@code timedOut} when it times out. */
	static AsyncListener onEnd(Runnable ended, Runnable timedOut) {
		return new AsyncListener() {
			@Override
			public void onComplete(AsyncEvent event) {
				ended.run();
			}

			@Override
			public void onTimeout(AsyncEvent event) {
				timedOut.run();
			}

			@Override
			public void onError(AsyncEvent event) {
				ended.run();
			}

			@Override
			public void onStartAsync(AsyncEvent event) {
			}
		};
	}

}
