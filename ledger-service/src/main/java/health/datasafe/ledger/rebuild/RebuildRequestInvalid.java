package health.datasafe.ledger.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The rebuild request is not acceptable JSON, or its checkpoint does not parse or is not signed by a trusted key. */
class RebuildRequestInvalid extends ErrorResponseException {

    RebuildRequestInvalid(String why) {
        super(HttpStatus.BAD_REQUEST, problem(why), null);
    }

    private static ProblemDetail problem(String why) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, why);
        problem.setTitle("Rebuild request invalid");
        return problem;
    }
}
