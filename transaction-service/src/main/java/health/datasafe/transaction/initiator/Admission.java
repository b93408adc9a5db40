package health.datasafe.transaction.initiator;

import health.datasafe.kit.problem.ServletProblems;
import health.datasafe.kit.web.RequestsInFlight;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Refuses a request that would start a transaction while this instance already has as many on their way to the ledger
 * as {@link CommitLatencyLimit} allows: 503 with {@code Retry-After: 1} as the kit sheds
 * ({@link RequestsInFlight#answerShed}), before its token is checked or its body read,
 * so the excess of an overload costs next to nothing and what is admitted commits in time. Every request under
 * {@code /api/patients/} starts one (a record added or read, a consent given or revoked), as does registering an
 * identity; following a transaction ({@code /api/transactions/**}) never does and is never refused here.
 */
final class Admission extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(Admission.class);

    private final CommitLatencyLimit limit;
    private final ServletProblems problems;
    private final AtomicLong refused = new AtomicLong();

    Admission(CommitLatencyLimit limit, ServletProblems problems) {
        this.limit = limit;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return !(uri.startsWith("/api/patients/")
                || uri.equals("/api/identities") && HttpMethod.POST.matches(request.getMethod()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try (CommitLatencyLimit.Reservation admitted = limit.reserve()) {
            if (admitted != null) {
                chain.doFilter(request, response);
                return;
            }
        }
        if (refused.getAndIncrement() % 1000 == 0) {
            log.warn("{} transactions on their way to the ledger (limit {}, last mean {} ms to an outcome): refusing"
                            + " {} {} with 503 ({} refused so far)", limit.inFlight(), limit.limit(),
                    Math.round(limit.lastMeanMillis()), request.getMethod(), request.getRequestURI(), refused.get());
        }
        RequestsInFlight.answerShed(problems, request, response,
                "transactions are committing slower than they arrive; try again shortly");
    }
}
