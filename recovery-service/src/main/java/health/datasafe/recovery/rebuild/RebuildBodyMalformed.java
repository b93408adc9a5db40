package health.datasafe.recovery.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The body of a rebuild request is not the JSON object it must be (400). */
class RebuildBodyMalformed extends ErrorResponseException {

    RebuildBodyMalformed(String why) {
        super(HttpStatus.BAD_REQUEST, problem(why), null);
    }

    private static ProblemDetail problem(String why) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, why);
        problem.setTitle("Malformed request body");
        return problem;
    }
}
