package health.datasafe.kit.problem;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;

import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemAdviceTest {

    private final ProblemAdvice advice = new ProblemAdvice();
    private final ServletWebRequest request = new ServletWebRequest(new MockHttpServletRequest("POST", "/api/things"));

    @Test
    void aDatabaseOutageIsA503WithRetryAfterNotA500() {
        var answer = advice.unexpected(new CannotGetJdbcConnectionException("no connection",
                new SQLTransientConnectionException("Connection is not available, request timed out after 3000ms")), request);

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        var problem = (ProblemDetail) answer.getBody();
        assertThat(problem.getDetail()).isEqualTo("the service is unavailable; try again later");
        assertThat(problem.getInstance()).hasToString("/api/things");
    }

    @Test
    void anythingElseUnexpectedIsA500ThatTellsNothingOfTheInternals() {
        var answer = advice.unexpected(new DataIntegrityViolationException("duplicate key value violates tx_pkey"), request);

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
        assertThat(((ProblemDetail) answer.getBody()).getDetail()).doesNotContain("tx_pkey");
    }
}
