package health.datasafe.ledger.verify;

import health.datasafe.contracts.Topics;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The checkpoints this node published could not be read from {@link Topics#LEDGER_CHECKPOINTS}, so the ledger cannot
 * be verified against them now: answered as 503 rather than as a valid ledger.
 */
class CheckpointTopicUnreadable extends ErrorResponseException {

    CheckpointTopicUnreadable(String why) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(why), null);
    }

    private static ProblemDetail problem(String why) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the checkpoints published on " + Topics.LEDGER_CHECKPOINTS + " could not be read: " + why);
        problem.setTitle("Checkpoint topic unreadable");
        return problem;
    }
}
