package io.github.mcpsessions.spring.webflux;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.github.mcpsessions.internal.jsonrpc.JsonRpcBody;
import io.github.mcpsessions.internal.jsonrpc.JsonRpcErrors;

/**
 * The exchange the SDK sees: the request body the filter already read, played again, and a
 * response that turns every error the SDK writes into a JSON-RPC error object (no stack trace, no
 * full session id).
 */
final class ErrorRewritingExchange extends ServerWebExchangeDecorator {

	private final ServerHttpRequest request;

	private final ServerHttpResponse response;

	private final byte[] body;

	private final JsonRpcErrors errors;

	private final JsonRpcBody.Reader bodies;

	ErrorRewritingExchange(ServerWebExchange exchange, byte[] body, JsonRpcErrors errors, JsonRpcBody.Reader bodies) {
		super(exchange);
		this.body = body;
		this.errors = errors;
		this.bodies = bodies;
		this.request = body == null ? exchange.getRequest() : new ServerHttpRequestDecorator(exchange.getRequest()) {
			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
			}
		};
		this.response = new RewritingResponse(exchange.getResponse(), errors);
	}

	@Override
	public ServerHttpRequest getRequest() {
		return this.request;
	}

	@Override
	public ServerHttpResponse getResponse() {
		return this.response;
	}

	ServerWebExchange original() {
		return getDelegate();
	}

	/** The id of the request in the body, read only when an error is answered. */
	Object requestId() {
		return this.body == null ? null : this.bodies.requestId(this.body);
	}

	private final class RewritingResponse extends ServerHttpResponseDecorator {

		private final JsonRpcErrors errors;

		RewritingResponse(ServerHttpResponse delegate, JsonRpcErrors errors) {
			super(delegate);
			this.errors = errors;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			if (isError()) {
				return DataBufferUtils.join(body).map(buffer -> {
					byte[] bytes = new byte[buffer.readableByteCount()];
					buffer.read(bytes);
					DataBufferUtils.release(buffer);
					return bytes;
				}).defaultIfEmpty(new byte[0]).flatMap(this::writeError);
			}
			return super.writeWith(body);
		}

		@Override
		public Mono<Void> setComplete() {
			if (isError()) {
				return writeError(new byte[0]);
			}
			return super.setComplete();
		}

		private boolean isError() {
			HttpStatusCode status = getStatusCode();
			return status != null && status.value() >= 400;
		}

		private Mono<Void> writeError(byte[] sdkBody) {
			int status = getStatusCode().value();
			return WebFluxReplies.write(getDelegate(), this.errors, requestId(),
					this.errors.forSdkError(status, sdkBody, null));
		}

	}

}
