package health.datasafe.transaction.identity;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The identity is registered already, or its registration is still on its way to the ledger. */
public class IdentityAlreadyRegistered extends ErrorResponseException {

    public IdentityAlreadyRegistered(String actorId, boolean pending) {
        super(HttpStatus.CONFLICT, problem(actorId, pending), null);
    }

    private static ProblemDetail problem(String actorId, boolean pending) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, pending
                ? "the registration of " + actorId + " is already submitted and waiting for its outcome"
                : actorId + " is already registered");
        problem.setTitle("Identity already registered");
        problem.setProperty("actorId", actorId);
        return problem;
    }
}
