package health.datasafe.transaction.rebuild;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Holds the service's HTTP writes while a rebuild catches up and switches schemas: every request under {@code /api/}
 * that is not a GET, HEAD or OPTIONS (and not the rebuild endpoints themselves) holds a read lock while it runs;
 * {@link #close} takes the write lock, so it waits for the writes in flight and then turns new ones away with 503 and
 * {@code Retry-After} until {@link #open}. Reads go on. It runs after the security filters, so an unauthenticated or
 * forbidden write is answered as before.
 */
@Component
class WriteGate extends OncePerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String RETRY_AFTER_SECONDS = "5";

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
    private final JsonMapper json;
    private final String rebuilds;

    WriteGate(JsonMapper json, @Value("${dsh.rebuild.segment}") String segment) {
        this.json = json;
        this.rebuilds = "/api/" + segment + "/rebuilds";
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isWrite(request)) {
            chain.doFilter(request, response);
            return;
        }
        boolean admitted;
        try {
            // timed, so it honours the fair ordering: a rebuild waiting to close goes before new writes
            admitted = lock.readLock().tryLock(0, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            turnAway(request, response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Waits for the writes in flight, then turns new ones away; call {@link #open} from the same thread. */
    void close() {
        lock.writeLock().lock();
    }

    void open() {
        if (lock.writeLock().isHeldByCurrentThread()) {
            lock.writeLock().unlock();
        }
    }

    private boolean isWrite(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !READS.contains(request.getMethod()) && path.startsWith("/api/") && !path.startsWith(rebuilds);
    }

    private void turnAway(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var problem = new LinkedHashMap<String, Object>();
        problem.put("type", "about:blank");
        problem.put("title", "Rebuild in progress");
        problem.put("status", HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        problem.put("detail", "the service is switching to its rebuilt state and takes no writes for a moment;"
                + " nothing was stored, try again");
        problem.put("instance", request.getRequestURI());
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        response.setContentType("application/problem+json");
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
