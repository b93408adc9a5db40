package health.datasafe.recovery.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The checkpoint given does not parse, or no trusted ledger key signed it (400); nothing is asked of the service. */
class CheckpointUnverified extends ErrorResponseException {

    CheckpointUnverified(String reason) {
        super(HttpStatus.BAD_REQUEST, problem(reason), null);
    }

    private static ProblemDetail problem(String reason) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "the checkpoint is not accepted: " + reason);
        problem.setTitle("Checkpoint invalid");
        return problem;
    }
}
