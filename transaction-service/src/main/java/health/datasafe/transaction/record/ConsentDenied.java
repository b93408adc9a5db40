package health.datasafe.transaction.record;

import health.datasafe.contracts.RejectionReason;
import health.datasafe.transaction.initiator.TransactionStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/** No consent permits this read; the refusal is recorded on the ledger as an ACCESS_DENIED transaction. */
public class ConsentDenied extends ErrorResponseException {

    public ConsentDenied(String transactionId, String deniedTransactionId, TransactionStatus deniedStatus, String detail) {
        super(HttpStatus.FORBIDDEN, problem(transactionId, deniedTransactionId, deniedStatus, detail), null);
    }

    private static ProblemDetail problem(String transactionId, String deniedTransactionId, TransactionStatus deniedStatus,
                                         String detail) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                "no consent in force permits this read" + (detail == null ? "" : " (" + detail + ")")
                        + "; the attempt is recorded on the ledger");
        problem.setTitle("Consent denied");
        problem.setType(URI.create("urn:dsh:problem:rejected:consent_denied"));
        problem.setProperty("transactionId", transactionId);
        problem.setProperty("reason", RejectionReason.CONSENT_DENIED.name());
        problem.setProperty("deniedTransactionId", deniedTransactionId);
        problem.setProperty("deniedTransactionStatus", deniedStatus.name());
        return problem;
    }
}
