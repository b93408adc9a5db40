package health.datasafe.recovery.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The service asked to rebuild refused the request, its checkpoint presumably, with 400 (relayed as 400). */
class TargetRefusedCheckpoint extends ErrorResponseException {

    TargetRefusedCheckpoint(String service, String detail) {
        super(HttpStatus.BAD_REQUEST, problem(service, detail), null);
    }

    private static ProblemDetail problem(String service, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                service + " refused the rebuild: " + detail);
        problem.setTitle("Checkpoint refused");
        problem.setProperty("service", service);
        return problem;
    }
}
