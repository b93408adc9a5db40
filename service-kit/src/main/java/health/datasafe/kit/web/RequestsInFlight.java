package health.datasafe.kit.web;

import health.datasafe.kit.problem.Problem;
import health.datasafe.kit.problem.ServletProblems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sheds load before it piles up: at most {@code dsh.http.max-requests-in-flight} requests to {@code /api/**} are
 * handled at once, and one more is answered 503 with {@code Retry-After: 1} at once, before anything is read or
 * stored. Without a bound, requests that wait (a write with {@code Prefer: wait}, a read waiting for its commit)
 * pile up while the pipeline behind them is slow or restarting, each holding its buffers and its thread's stack,
 * until the heap is gone and the service with it.
 */
public final class RequestsInFlight extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestsInFlight.class);
    private static final String RETRY_AFTER_SECONDS = "1";

    private final int limit;
    private final Semaphore permits;
    private final ServletProblems problems;
    private final AtomicLong shed = new AtomicLong();

    public RequestsInFlight(int limit, ServletProblems problems) {
        if (limit < 1) {
            throw new IllegalArgumentException("dsh.http.max-requests-in-flight must be at least 1, not " + limit);
        }
        this.limit = limit;
        this.permits = new Semaphore(limit);
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!permits.tryAcquire()) {
            if (shed.getAndIncrement() % 1000 == 0) {
                log.warn("{} requests in flight: shedding {} {} with 503 ({} shed so far)", limit, request.getMethod(),
                        request.getRequestURI(), shed.get());
            }
            response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
            problems.write(request, response, Problem.of(HttpStatus.SERVICE_UNAVAILABLE,
                    "too many requests are in flight; try again shortly", request.getRequestURI()));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }

    /** How many requests were answered 503 because the limit was reached. */
    public long shed() {
        return shed.get();
    }
}
