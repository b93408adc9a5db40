package health.datasafe.ledger.witness;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A cosigned checkpoint was not taken: not this ledger's checkpoint, or no valid line of a pinned witness (400). */
public class CheckpointNotCosigned extends ErrorResponseException {

    public CheckpointNotCosigned(String why) {
        super(HttpStatus.BAD_REQUEST, problem(why), null);
    }

    private static ProblemDetail problem(String why) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "cosignature not taken: " + why);
        problem.setTitle("Checkpoint not cosigned");
        return problem;
    }
}
