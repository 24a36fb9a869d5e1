package io.github.mcpsessions.spring.webflux;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

import io.github.mcpsessions.internal.streams.ResumableStream;

/**
 * The WebFlux response the SDK writes an SSE stream into, made resumable by a
 * {@link ResumableStream}. The filter consumes the SDK's events itself, on the blocking scheduler
 * (each is stored before the client gets it), and the client's response only gets what the stream
 * sends it: when the client goes away or polls, the SDK's call goes on into the store.
 */
final class ResumableServerResponse extends ServerHttpResponseDecorator {

	private final Function<ResumableStream.Client, ResumableStream> streams;

	private final Scheduler blocking;

	ResumableServerResponse(ServerHttpResponse delegate, Function<ResumableStream.Client, ResumableStream> streams,
			Scheduler blocking) {
		super(delegate);
		this.streams = streams;
		this.blocking = blocking;
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		return isEventStream() ? writeAndFlushWith(Flux.just(body)) : super.writeWith(body);
	}

	@Override
	public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		if (!isEventStream()) {
			return super.writeAndFlushWith(body);
		}
		Sinks.Many<String> toClient = Sinks.many().unicast().onBackpressureBuffer();
		ResumableStream stream = this.streams.apply(new ResumableStream.Client() {
			@Override
			public void send(String text) {
				if (toClient.tryEmitNext(text).isFailure()) {
					throw new IllegalStateException("the client's response is closed");
				}
			}

			@Override
			public void end() {
				toClient.tryEmitComplete();
			}
		});
		Flux.from(body)
			.concatMap(event -> DataBufferUtils.join(event).map(ResumableServerResponse::text))
			.publishOn(this.blocking)
			.doOnSubscribe(subscription -> this.blocking.schedule(stream::flush))
			.doOnNext(text -> {
				stream.write(text);
				stream.flush();
			})
			.doFinally(signal -> {
				stream.finished();
				toClient.tryEmitComplete();
			})
			.subscribe(text -> {
			}, error -> {
			});
		return super.writeAndFlushWith(toClient.asFlux()
			.map(text -> Mono.just(bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8)))))
			.onErrorResume(ex -> Mono.empty());
	}

	private boolean isEventStream() {
		MediaType type = getHeaders().getContentType();
		return type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type);
	}

	private static String text(DataBuffer buffer) {
		try {
			return buffer.toString(StandardCharsets.UTF_8);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

}
