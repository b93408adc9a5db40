package health.datasafe.transaction.initiator;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No transaction with this id that the caller may see (whether it exists is not told). */
public class TransactionNotFound extends ErrorResponseException {

    public TransactionNotFound(String transactionId) {
        super(HttpStatus.NOT_FOUND, problem(transactionId), null);
    }

    private static ProblemDetail problem(String transactionId) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no transaction " + transactionId + " for this caller");
        problem.setTitle("Unknown transaction");
        return problem;
    }
}
