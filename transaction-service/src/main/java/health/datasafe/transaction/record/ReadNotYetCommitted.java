package health.datasafe.transaction.record;

import health.datasafe.transaction.initiator.Submission;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The read's RECORD_ACCESSED was not committed in time; the content is released only once it is. */
public class ReadNotYetCommitted extends ErrorResponseException {

    public ReadNotYetCommitted(String transactionId) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(transactionId), null);
        getHeaders().setLocation(Submission.locationOf(transactionId));
        getHeaders().set("Retry-After", "2");
    }

    private static ProblemDetail problem(String transactionId) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the access was not committed on the ledger in time; follow " + Submission.locationOf(transactionId)
                        + " and read again once it is COMMITTED");
        problem.setTitle("Access not yet committed");
        problem.setProperty("transactionId", transactionId);
        problem.setProperty("transactionStatus", "PENDING");
        problem.setProperty("transaction", Submission.locationOf(transactionId).toString());
        return problem;
    }
}
