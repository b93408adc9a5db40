package health.datasafe.transaction.consent;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The actor a consent would permit is not a registered identity. */
public class UnknownGrantee extends ErrorResponseException {

    public UnknownGrantee(String grantee) {
        super(HttpStatus.NOT_FOUND, problem(grantee), null);
    }

    private static ProblemDetail problem(String grantee) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "unknown grantee " + grantee);
        problem.setTitle("Unknown grantee");
        problem.setProperty("grantee", grantee);
        return problem;
    }
}
