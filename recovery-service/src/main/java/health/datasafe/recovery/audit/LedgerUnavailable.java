package health.datasafe.recovery.audit;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/** The ledger API at {@code uri} could not be read; an audit cannot be done, answered as 502. */
class LedgerUnavailable extends ErrorResponseException {

    LedgerUnavailable(URI uri, String detail) {
        super(HttpStatus.BAD_GATEWAY, problem(uri, detail), null);
    }

    private static ProblemDetail problem(URI uri, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, "the ledger API at " + uri + " " + detail);
        problem.setTitle("Ledger unavailable");
        return problem;
    }
}
