package health.datasafe.ledger.query;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No transaction with this id is committed, or none the caller may see. */
class TransactionNotFound extends ErrorResponseException {

    TransactionNotFound(String txId) {
        super(HttpStatus.NOT_FOUND, problem(txId), null);
    }

    private static ProblemDetail problem(String txId) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "no transaction %s is committed".formatted(txId));
        problem.setTitle("Transaction not found");
        problem.setProperty("txId", txId);
        return problem;
    }
}
