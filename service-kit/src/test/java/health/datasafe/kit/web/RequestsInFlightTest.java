package health.datasafe.kit.web;

import health.datasafe.kit.problem.ServletProblems;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RequestsInFlightTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final RequestsInFlight filter = new RequestsInFlight(
            new HttpSettings(DataSize.ofMegabytes(1), 2, DataSize.ofMegabytes(64)), new ServletProblems(json));
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger handling = new AtomicInteger();
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    /** A handler that holds its request until released, as one waiting for a commit does. */
    private final FilterChain waiting = (request, response) -> {
        handling.incrementAndGet();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ((MockHttpServletResponse) response).setStatus(201);
    };

    @AfterEach
    void releaseEverything() {
        release.countDown();
        callers.close();
    }

    @Test
    void aRequestBeyondTheLimitIsAnswered503WithRetryAfterAtOnceAndTheNextOneAfterARequestEndedGoesThrough()
            throws Exception {
        var first = callers.submit(() -> call("/api/identities", waiting));
        var second = callers.submit(() -> call("/api/patients/p/records", waiting));
        await().atMost(Duration.ofSeconds(10)).until(() -> handling.get() == 2);

        var shed = call("/api/identities", (request, response) -> handling.incrementAndGet());

        assertThat(shed.getStatus()).isEqualTo(503);
        assertThat(shed.getHeader("Retry-After")).isEqualTo("1");
        assertThat(shed.getContentType()).isEqualTo("application/problem+json");
        assertThat(json.readTree(shed.getContentAsByteArray()).get("detail").asString())
                .isEqualTo("too many requests are in flight; try again shortly");
        assertThat(handling.get()).as("the shed request reached no handler").isEqualTo(2);
        assertThat(filter.shed()).isEqualTo(1);

        release.countDown();
        assertThat(first.get().getStatus()).isEqualTo(201);
        assertThat(second.get().getStatus()).isEqualTo(201);
        assertThat(call("/api/identities", waiting).getStatus()).isEqualTo(201);
    }

    @Test
    void healthChecksAreNeverShed() throws Exception {
        callers.submit(() -> call("/api/identities", waiting));
        callers.submit(() -> call("/api/identities", waiting));
        await().atMost(Duration.ofSeconds(10)).until(() -> handling.get() == 2);

        var health = call("/actuator/health", (request, response) -> ((MockHttpServletResponse) response).setStatus(200));

        assertThat(health.getStatus()).isEqualTo(200);
    }

    @Test
    void aBodyThatWouldPassTheBudgetOfBodiesInFlightIsAnswered503AndBodilessRequestsStillGoThrough() throws Exception {
        var budget = new RequestsInFlight(new HttpSettings(DataSize.ofKilobytes(4), 10, DataSize.ofKilobytes(8)),
                new ServletProblems(json));
        callers.submit(() -> call(budget, post("/api/patients/p/records", 4096), waiting));
        callers.submit(() -> call(budget, chunked("/api/patients/p/records"), waiting));
        await().atMost(Duration.ofSeconds(10)).until(() -> handling.get() == 2);

        var shed = call(budget, post("/api/patients/p/records", 1), (request, response) -> handling.incrementAndGet());
        var read = call(budget, new MockHttpServletRequest("GET", "/api/patients/p/records/r"),
                (request, response) -> ((MockHttpServletResponse) response).setStatus(200));

        assertThat(shed.getStatus()).isEqualTo(503);
        assertThat(shed.getHeader("Retry-After")).isEqualTo("1");
        assertThat(read.getStatus()).isEqualTo(200);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                call(budget, post("/api/patients/p/records", 4096), (request, response) ->
                        ((MockHttpServletResponse) response).setStatus(201)).getStatus()).isEqualTo(201));
    }

    @Test
    void aBudgetSmallerThanOneBodyIsRefusedAtStart() {
        assertThatThrownBy(() -> new RequestsInFlight(new HttpSettings(DataSize.ofMegabytes(2), 10,
                DataSize.ofMegabytes(1)), new ServletProblems(json)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dsh.http.max-body-bytes-in-flight");
    }

    private static MockHttpServletRequest post(String path, int length) {
        var request = new MockHttpServletRequest("POST", path);
        request.setContent(new byte[length]);
        return request;
    }

    private static MockHttpServletRequest chunked(String path) {
        var request = new MockHttpServletRequest("POST", path);
        request.addHeader("Transfer-Encoding", "chunked");
        return request;
    }

    private static MockHttpServletResponse call(RequestsInFlight filter, MockHttpServletRequest request,
                                                FilterChain chain) throws Exception {
        var response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }

    private MockHttpServletResponse call(String path, FilterChain chain) throws Exception {
        var response = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("POST", path), response, chain);
        return response;
    }
}
