package health.datasafe.kit.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The request body is larger than the limit. */
public class BodyTooLarge extends ErrorResponseException {

    public BodyTooLarge(long limitBytes) {
        super(HttpStatus.CONTENT_TOO_LARGE, problem(limitBytes), null);
    }

    private static ProblemDetail problem(long limitBytes) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                "the request body is larger than " + limitBytes + " bytes");
        problem.setTitle("Request body too large");
        problem.setProperty("limitBytes", limitBytes);
        return problem;
    }
}
