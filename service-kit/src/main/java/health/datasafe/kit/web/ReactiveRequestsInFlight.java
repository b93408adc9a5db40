package health.datasafe.kit.web;

import health.datasafe.kit.problem.ReactiveProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link RequestsInFlight} for a reactive service (the gateway): at most {@code dsh.http.max-requests-in-flight}
 * requests to {@code /api/**} are in flight at once, and one more is answered 503 with {@code Retry-After: 1} at once,
 * before its token is checked or anything is forwarded, so a flood is shed at the door and the services behind see no
 * more than the gateway lets through. A request leaves the count when its answer is complete, fails, or its caller
 * goes away.
 */
public final class ReactiveRequestsInFlight implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ReactiveRequestsInFlight.class);

    private final int limit;
    private final Semaphore permits;
    private final ReactiveProblems problems;
    private final AtomicLong shed = new AtomicLong();

    public ReactiveRequestsInFlight(int limit, ReactiveProblems problems) {
        if (limit < 1) {
            throw new IllegalArgumentException("dsh.http.max-requests-in-flight must be at least 1, not " + limit);
        }
        this.limit = limit;
        this.permits = new Semaphore(limit);
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (!path.startsWith("/api/")) {
            return chain.filter(exchange);
        }
        if (!permits.tryAcquire()) {
            if (shed.getAndIncrement() % 1000 == 0) {
                log.warn("{} requests in flight: shedding {} {} with 503 ({} shed so far)", limit,
                        exchange.getRequest().getMethod(), path, shed.get());
            }
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, RequestsInFlight.RETRY_AFTER_SECONDS);
            return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, RequestsInFlight.SHED_DETAIL);
        }
        return Mono.defer(() -> chain.filter(exchange)).doFinally(signal -> permits.release());
    }

    /** How many requests were answered 503 because the limit was reached. */
    public long shed() {
        return shed.get();
    }
}
