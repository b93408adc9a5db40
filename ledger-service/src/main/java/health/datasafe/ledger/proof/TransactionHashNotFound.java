package health.datasafe.ledger.proof;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No transaction with this hash is committed, or none the caller may see. */
class TransactionHashNotFound extends ErrorResponseException {

    TransactionHashNotFound(String txHash) {
        super(HttpStatus.NOT_FOUND, problem(txHash), null);
    }

    private static ProblemDetail problem(String txHash) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "no transaction with hash %s is committed".formatted(txHash));
        problem.setTitle("Transaction not found");
        problem.setProperty("txHash", txHash);
        return problem;
    }
}
