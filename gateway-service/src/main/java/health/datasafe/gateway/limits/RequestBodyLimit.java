package health.datasafe.gateway.limits;

import health.datasafe.gateway.GatewaySettings;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses a request body larger than {@code dsh.gateway.max-request-size} with 413: at once when its
 * {@code Content-Length} says so, and while it streams when it comes without one (chunked). Runs after the security
 * chain, so a caller without a valid token learns only that (401).
 */
@Component
class RequestBodyLimit implements WebFilter {

    private final long limit;

    RequestBodyLimit(GatewaySettings settings) {
        this.limit = settings.maxRequestSize().toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            return Mono.error(new RequestBodyTooLarge(declared, limit));
        }
        if (declared >= 0) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(new CountingRequest(request, limit)).build());
    }

    /** A request whose streamed body fails with {@link RequestBodyTooLarge} once it passes the limit. */
    private static final class CountingRequest extends ServerHttpRequestDecorator {

        private final long limit;

        CountingRequest(ServerHttpRequest delegate, long limit) {
            super(delegate);
            this.limit = limit;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            AtomicLong seen = new AtomicLong();
            return super.getBody().handle((buffer, sink) -> {
                long total = seen.addAndGet(buffer.readableByteCount());
                if (total > limit) {
                    DataBufferUtils.release(buffer);
                    sink.error(new RequestBodyTooLarge(total, limit));
                } else {
                    sink.next(buffer);
                }
            });
        }
    }
}
