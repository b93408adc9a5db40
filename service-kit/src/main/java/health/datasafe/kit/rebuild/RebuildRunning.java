package health.datasafe.kit.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A rebuild of this service is already running: one at a time. */
public class RebuildRunning extends ErrorResponseException {

    RebuildRunning(String running) {
        super(HttpStatus.CONFLICT, problem(running), null);
    }

    private static ProblemDetail problem(String running) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "rebuild " + running + " of this service is still running");
        problem.setTitle("Rebuild running");
        problem.setProperty("running", running);
        return problem;
    }
}
