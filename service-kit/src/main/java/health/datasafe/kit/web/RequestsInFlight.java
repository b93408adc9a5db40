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
 * handled at once, and their bodies together hold at most {@code dsh.http.max-body-bytes-in-flight} (a body counts
 * with its {@code Content-Length}, a chunked one with the largest size allowed); one more request, or one whose body
 * would pass the budget, is answered 503 with {@code Retry-After: 1} at once, before anything is read or stored.
 * Without a bound, requests that wait (a write with {@code Prefer: wait}, a read waiting for its commit) pile up while
 * the pipeline behind them is slow or restarting, each holding its body, its buffers and its thread's stack, until
 * the heap is gone and the service with it.
 */
public final class RequestsInFlight extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestsInFlight.class);
    /** What a shed request is told, here and at the gateway ({@link ReactiveRequestsInFlight}). */
    static final String RETRY_AFTER_SECONDS = "1";
    static final String SHED_DETAIL = "too many requests are in flight; try again shortly";

    private final int limit;
    private final Semaphore permits;
    /** The body budget, in KiB (a Semaphore counts in ints). */
    private final Semaphore bodyKib;
    private final long maxBodySize;
    private final ServletProblems problems;
    private final AtomicLong shed = new AtomicLong();

    public RequestsInFlight(HttpSettings settings, ServletProblems problems) {
        int limit = settings.maxRequestsInFlight();
        if (limit < 1) {
            throw new IllegalArgumentException("dsh.http.max-requests-in-flight must be at least 1, not " + limit);
        }
        long budget = settings.maxBodyBytesInFlight().toBytes();
        if (budget < settings.maxBodySize().toBytes()) {
            throw new IllegalArgumentException("dsh.http.max-body-bytes-in-flight (" + settings.maxBodyBytesInFlight()
                    + ") must hold at least one body of dsh.http.max-body-size (" + settings.maxBodySize() + ")");
        }
        this.limit = limit;
        this.permits = new Semaphore(limit);
        this.bodyKib = new Semaphore(Math.toIntExact(kib(budget)));
        this.maxBodySize = settings.maxBodySize().toBytes();
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
            shed(request, response, limit + " requests in flight");
            return;
        }
        int body = bodyKibOf(request);
        if (!bodyKib.tryAcquire(body)) {
            permits.release();
            shed(request, response, "the bodies in flight would pass dsh.http.max-body-bytes-in-flight");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            bodyKib.release(body);
            permits.release();
        }
    }

    /** What the request's body counts against the budget: its declared length, or the most allowed when chunked. */
    private int bodyKibOf(HttpServletRequest request) {
        long declared = request.getContentLengthLong();
        if (declared >= 0) {
            return Math.toIntExact(kib(Math.min(declared, maxBodySize)));
        }
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null ? Math.toIntExact(kib(maxBodySize)) : 0;
    }

    private static long kib(long bytes) {
        return (bytes + 1023) / 1024;
    }

    private void shed(HttpServletRequest request, HttpServletResponse response, String why) throws IOException {
        if (shed.getAndIncrement() % 1000 == 0) {
            log.warn("{}: shedding {} {} with 503 ({} shed so far)", why, request.getMethod(), request.getRequestURI(),
                    shed.get());
        }
        answerShed(problems, request, response, SHED_DETAIL);
    }

    /**
     * How a servlet service answers a request it sheds, here and in a service's own admission control: 503 with
     * {@code Retry-After: 1} and a problem saying {@code detail}.
     */
    public static void answerShed(ServletProblems problems, HttpServletRequest request, HttpServletResponse response,
                                  String detail) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        problems.write(request, response, Problem.of(HttpStatus.SERVICE_UNAVAILABLE, detail, request.getRequestURI()));
    }

    /** How many requests were answered 503 because the limit was reached. */
    public long shed() {
        return shed.get();
    }
}
