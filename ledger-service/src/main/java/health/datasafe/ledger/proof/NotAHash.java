package health.datasafe.ledger.proof;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A parameter that must be a SHA-256 hash (64 hex digits) is something else. */
class NotAHash extends ErrorResponseException {

    private static final int MAX_ECHO = 80;

    NotAHash(String parameter, String value) {
        super(HttpStatus.BAD_REQUEST, problem(parameter, value), null);
    }

    private static ProblemDetail problem(String parameter, String value) {
        String shown = value.length() > MAX_ECHO ? value.substring(0, MAX_ECHO) + "..." : value;
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "%s must be 64 hex digits (a SHA-256 hash), got %d characters".formatted(parameter, value.length()));
        problem.setTitle("Not a hash");
        problem.setProperty("parameter", parameter);
        problem.setProperty("value", shown);
        return problem;
    }
}
