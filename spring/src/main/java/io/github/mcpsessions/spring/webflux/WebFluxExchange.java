package io.github.mcpsessions.spring.webflux;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import io.github.mcpsessions.internal.adapter.AdapterCore;
import io.github.mcpsessions.internal.flow.HttpExchange;
import io.github.mcpsessions.internal.flow.HttpExchange.SdkHandoff;
import io.github.mcpsessions.internal.flow.SessionRequestFlow;
import io.github.mcpsessions.internal.jsonrpc.JsonRpcBody;
import io.github.mcpsessions.internal.jsonrpc.JsonRpcErrors;
import io.github.mcpsessions.internal.sdk.SessionStart;
import io.github.mcpsessions.internal.streams.ResumableStream;
import io.github.mcpsessions.internal.streams.StreamPlan;

/**
 * One request on the MCP endpoint as the request flow sees it on WebFlux: the exchange, the rest of
 * the filter chain (the SDK), and what the flow asks translated into reactive HTTP. Built and
 * asked on the blocking scheduler.
 */
final class WebFluxExchange implements HttpExchange<Mono<Void>> {

	/** Longest a request stream resumed from the store is kept open. */
	private static final Duration RESUMPTION_TIMEOUT = Duration.ofMinutes(10);

	private final ServerWebExchange exchange;

	private final WebFilterChain chain;

	private final byte[] body;

	private final JsonRpcErrors errors;

	private final JsonRpcBody.Reader bodies;

	private final Scheduler blocking;

	/** @param body a POST's body, else {@code null} */
	WebFluxExchange(ServerWebExchange exchange, WebFilterChain chain, byte[] body, AdapterCore core, Scheduler blocking) {
		this.exchange = exchange;
		this.chain = chain;
		this.body = body;
		this.errors = core.errors();
		this.bodies = core.bodies();
		this.blocking = blocking;
	}

	@Override
	public Mono<Void> toSdk(SdkHandoff handoff) {
		ServerWebExchange request = this.exchange;
		if (handoff.withoutSessionId() || handoff.withoutLastEventId()) {
			String header = handoff.withoutSessionId() ? SessionRequestFlow.SESSION_HEADER : SessionRequestFlow.LAST_EVENT_ID;
			request = request.mutate().request(without -> without.headers(headers -> headers.remove(header))).build();
		}
		ErrorRewritingExchange sdkExchange = new ErrorRewritingExchange(request, this.body, this.errors, this.bodies);
		if (handoff.startsSession()) {
			return startSession(sdkExchange, handoff);
		}
		ServerWebExchange served = handoff.stream() == null ? sdkExchange : resumable(sdkExchange, handoff.stream());
		return this.chain.filter(served).doFinally(signal -> handoff.responded());
	}

	/**
	 * Subscribes to the SDK's handling on this thread with the session start bound, so that a new
	 * session is bound to its owner; if its record cannot be saved the client gets no session and
	 * the refusal.
	 */
	private Mono<Void> startSession(ErrorRewritingExchange sdkExchange, SdkHandoff handoff) {
		Mono<Void> sdk = this.chain.filter(sdkExchange);
		Mono<Void> bound = Mono.from(subscriber -> {
			try (SessionStart.Scope scope = handoff.bindStart()) {
				sdk.subscribe(subscriber);
			}
		});
		return bound.onErrorResume(ex -> handoff.startFailed(), ex -> WebFluxReplies.refuse(sdkExchange.original(),
				this.errors, sdkExchange.requestId(), handoff.startRefusal()));
	}

	private ServerWebExchange resumable(ServerWebExchange sdkExchange, StreamPlan stream) {
		ServerHttpResponse response = new ResumableServerResponse(sdkExchange.getResponse(), stream::open, this.blocking);
		return new ServerWebExchangeDecorator(sdkExchange) {
			@Override
			public ServerHttpResponse getResponse() {
				return response;
			}
		};
	}

	/** A request's stream resumed: what the client missed, then the rest live, for at most 10 minutes. */
	@Override
	public Mono<Void> resume(StreamPlan stream) {
		ServerHttpResponse response = this.exchange.getResponse();
		response.setStatusCode(HttpStatus.OK);
		response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
		response.getHeaders().setCacheControl("no-cache");
		Flux<String> events = Flux.<String>create(sink -> stream.resume(new ResumableStream.Client() {
			@Override
			public void send(String text) {
				sink.next(text);
			}

			@Override
			public void end() {
				sink.complete();
			}
		}, stop -> sink.onDispose(stop::run))).take(RESUMPTION_TIMEOUT);
		return response.writeAndFlushWith(events
			.map(text -> Mono.just(response.bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8)))));
	}

	@Override
	public Mono<Void> accepted() {
		this.exchange.getResponse().setStatusCode(HttpStatus.ACCEPTED);
		return this.exchange.getResponse().setComplete();
	}

	@Override
	public Mono<Void> refuse(JsonRpcErrors.Refusal refusal) {
		return WebFluxReplies.refuse(this.exchange, this.errors, this.body != null ? this.bodies.requestId(this.body) : null,
				refusal);
	}

}
