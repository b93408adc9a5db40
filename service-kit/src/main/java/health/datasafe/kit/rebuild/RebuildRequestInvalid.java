package health.datasafe.kit.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The rebuild request is not acceptable JSON, or what it names (e.g. a checkpoint) cannot be used. */
public class RebuildRequestInvalid extends ErrorResponseException {

    public RebuildRequestInvalid(String why) {
        super(HttpStatus.BAD_REQUEST, problem(why), null);
    }

    private static ProblemDetail problem(String why) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, why);
        problem.setTitle("Rebuild request invalid");
        return problem;
    }
}
