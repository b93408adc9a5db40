package health.datasafe.transaction.initiator;

import health.datasafe.contracts.RejectionReason;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/** The validator rejected the transaction; answered with the status that fits its reason. */
public class TransactionRefused extends ErrorResponseException {

    public TransactionRefused(TrackedTransaction transaction) {
        super(statusOf(transaction.reason()), problem(transaction), null);
    }

    /** The HTTP status a rejection for this reason is answered with. */
    public static HttpStatus statusOf(String reason) {
        RejectionReason known;
        try {
            known = RejectionReason.valueOf(reason);
        } catch (IllegalArgumentException | NullPointerException e) {
            return HttpStatus.UNPROCESSABLE_CONTENT;
        }
        return switch (known) {
            case SCHEMA_INVALID, KEY_NOT_PROVEN, PROVISION_INVALID, EMERGENCY_WINDOW_INVALID -> HttpStatus.BAD_REQUEST;
            case SIGNATURE_INVALID -> HttpStatus.INTERNAL_SERVER_ERROR; // the validator does not trust this initiator
            case UNKNOWN_ACTOR, ROLE_NOT_ALLOWED, CONSENT_DENIED, USER_SIGNATURE_INVALID, SIGNED_REQUEST_EXPIRED ->
                    HttpStatus.FORBIDDEN;
            case UNKNOWN_PATIENT, UNKNOWN_CONSENT, UNKNOWN_RECORD -> HttpStatus.NOT_FOUND;
            case RECORD_ERASED -> HttpStatus.GONE;
            case IDENTITY_EXISTS, DUPLICATE -> HttpStatus.CONFLICT;
        };
    }

    private static ProblemDetail problem(TrackedTransaction transaction) {
        var problem = ProblemDetail.forStatusAndDetail(statusOf(transaction.reason()),
                "the validator rejected transaction " + transaction.id() + ": " + transaction.reason()
                        + (transaction.detail() == null ? "" : " (" + transaction.detail() + ")"));
        problem.setTitle("Transaction rejected");
        problem.setType(URI.create("urn:dsh:problem:rejected:" + String.valueOf(transaction.reason()).toLowerCase()));
        problem.setProperty("transactionId", transaction.id());
        problem.setProperty("transactionStatus", transaction.status().name());
        problem.setProperty("reason", transaction.reason());
        return problem;
    }
}
