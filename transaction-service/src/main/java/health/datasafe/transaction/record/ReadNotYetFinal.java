package health.datasafe.transaction.record;

import health.datasafe.transaction.initiator.Submission;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The read's RECORD_ACCESSED was not final in time (committed in a block a quorum of ledger nodes signed); the content
 * is released only once it is.
 */
public class ReadNotYetFinal extends ErrorResponseException {

    public ReadNotYetFinal(String transactionId) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(transactionId), null);
        getHeaders().setLocation(Submission.locationOf(transactionId));
        getHeaders().set("Retry-After", "2");
    }

    private static ProblemDetail problem(String transactionId) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the access was not final on the ledger in time (committed in a block a quorum of ledger nodes"
                        + " signed); follow " + Submission.locationOf(transactionId)
                        + " and read again once its finality says final");
        problem.setTitle("Access not yet final");
        problem.setProperty("transactionId", transactionId);
        problem.setProperty("transaction", Submission.locationOf(transactionId).toString());
        return problem;
    }
}
