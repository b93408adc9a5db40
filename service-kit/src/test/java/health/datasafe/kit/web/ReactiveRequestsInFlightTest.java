package health.datasafe.kit.web;

import health.datasafe.kit.problem.ReactiveProblems;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ReactiveRequestsInFlightTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final ReactiveRequestsInFlight filter = new ReactiveRequestsInFlight(2, new ReactiveProblems(json));
    private final Sinks.Empty<Void> release = Sinks.empty();
    private final AtomicInteger handling = new AtomicInteger();

    /** A handler whose answer completes only when released, as a forwarded request waiting for a commit does. */
    private final WebFilterChain waiting = exchange -> {
        handling.incrementAndGet();
        return release.asMono();
    };

    private static MockServerWebExchange exchange(String path) {
        return MockServerWebExchange.from(MockServerHttpRequest.post(path));
    }

    @Test
    void aRequestBeyondTheLimitIsAnswered503WithRetryAfterAtOnceAndTheNextOneAfterARequestEndedGoesThrough() {
        var first = filter.filter(exchange("/api/identities"), waiting).toFuture();
        var second = filter.filter(exchange("/api/patients/p/records"), waiting).toFuture();
        assertThat(handling).hasValue(2);

        var shed = exchange("/api/identities");
        filter.filter(shed, waiting).block();

        assertThat(shed.getResponse().getStatusCode().value()).isEqualTo(503);
        assertThat(shed.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(shed.getResponse().getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(json.readTree(shed.getResponse().getBodyAsString().block()).get("detail").asString())
                .isEqualTo("too many requests are in flight; try again shortly");
        assertThat(handling).as("the shed request reached no handler").hasValue(2);
        assertThat(filter.shed()).isEqualTo(1);

        release.tryEmitEmpty();
        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        filter.filter(exchange("/api/identities"), exchange -> Mono.empty()).block();
        assertThat(filter.shed()).isEqualTo(1);
    }

    @Test
    void aCallerThatGoesAwayLeavesItsPlace() {
        var gone = filter.filter(exchange("/api/identities"), waiting).subscribe();
        filter.filter(exchange("/api/identities"), waiting).subscribe();
        gone.dispose();

        var next = exchange("/api/identities");
        filter.filter(next, exchange -> Mono.empty()).block();

        assertThat(next.getResponse().getStatusCode()).isNull();
        assertThat(filter.shed()).isZero();
    }

    @Test
    void healthChecksAreNeverShed() {
        filter.filter(exchange("/api/identities"), waiting).subscribe();
        filter.filter(exchange("/api/identities"), waiting).subscribe();

        var health = MockServerWebExchange.from(MockServerHttpRequest.get("/actuator/health"));
        filter.filter(health, exchange -> Mono.empty()).block();

        assertThat(filter.shed()).isZero();
    }
}
