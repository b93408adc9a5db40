package health.datasafe.ledger.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A rebuild of this ledger is already running: one at a time. */
class RebuildRunning extends ErrorResponseException {

    RebuildRunning(String running) {
        super(HttpStatus.CONFLICT, problem(running), null);
    }

    private static ProblemDetail problem(String running) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "rebuild " + running + " of this ledger is still running");
        problem.setTitle("Rebuild running");
        problem.setProperty("running", running);
        return problem;
    }
}
