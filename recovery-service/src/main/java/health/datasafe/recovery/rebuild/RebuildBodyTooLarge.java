package health.datasafe.recovery.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The body of a rebuild request is larger than a checkpoint note can be (413). */
class RebuildBodyTooLarge extends ErrorResponseException {

    RebuildBodyTooLarge(long limit) {
        super(HttpStatus.CONTENT_TOO_LARGE, problem(limit), null);
    }

    private static ProblemDetail problem(long limit) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "a rebuild request is at most " + limit + " bytes");
        problem.setTitle("Request body too large");
        return problem;
    }
}
