package health.datasafe.transaction.identity;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The caller may not register this identity with this role. */
public class RegistrationNotPermitted extends ErrorResponseException {

    public RegistrationNotPermitted(String callerId, String actorId, String role, String why) {
        super(HttpStatus.FORBIDDEN, problem(callerId, actorId, role, why), null);
    }

    private static ProblemDetail problem(String callerId, String actorId, String role, String why) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                callerId + " may not register " + actorId + " as " + role + ": " + why);
        problem.setTitle("Registration not permitted");
        return problem;
    }
}
