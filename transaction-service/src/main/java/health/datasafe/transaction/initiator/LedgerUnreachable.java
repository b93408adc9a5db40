package health.datasafe.transaction.initiator;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The transaction could not be handed to Kafka; nothing of it was kept. */
public class LedgerUnreachable extends ErrorResponseException {

    public LedgerUnreachable(String transactionId, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(transactionId), cause);
        getHeaders().set("Retry-After", "5");
    }

    private static ProblemDetail problem(String transactionId) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the transaction could not be submitted for validation; nothing was stored, try again");
        problem.setTitle("Ledger unreachable");
        problem.setProperty("transactionId", transactionId);
        return problem;
    }
}
