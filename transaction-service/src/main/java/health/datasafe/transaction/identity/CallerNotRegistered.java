package health.datasafe.transaction.identity;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The caller has no committed identity yet, so the ledger would not accept what they ask for. */
public class CallerNotRegistered extends ErrorResponseException {

    public CallerNotRegistered(String actorId) {
        super(HttpStatus.FORBIDDEN, problem(actorId), null);
    }

    private static ProblemDetail problem(String actorId) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                "actor " + actorId + " is not registered; register with POST /api/identities first");
        problem.setTitle("Caller not registered");
        return problem;
    }
}
