package io.github.mcpsessions.spring.webflux;

import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import io.github.mcpsessions.internal.jsonrpc.JsonRpcErrors;

/** Writes the filter's own answers: JSON-RPC error objects, with {@code Retry-After} where asked. */
final class WebFluxReplies {

	private WebFluxReplies() {
	}

	static Mono<Void> refuse(ServerWebExchange exchange, JsonRpcErrors errors, Object requestId,
			JsonRpcErrors.Refusal refusal) {
		return write(exchange.getResponse(), errors, requestId, refusal);
	}

	static Mono<Void> write(ServerHttpResponse response, JsonRpcErrors errors, Object requestId,
			JsonRpcErrors.Refusal refusal) {
		byte[] body = errors.body(requestId, refusal.code(), refusal.message()).getBytes(StandardCharsets.UTF_8);
		response.setStatusCode(HttpStatusCode.valueOf(refusal.status()));
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getHeaders().setContentLength(body.length);
		if (refusal.retryAfter()) {
			response.getHeaders().set("Retry-After", JsonRpcErrors.RETRY_AFTER_SECONDS);
		}
		if (refusal.allow() != null) {
			response.getHeaders().set("Allow", refusal.allow());
		}
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
	}

}
