package health.datasafe.transaction.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The endpoint reads JSON and the body was declared as something else. */
public class UnsupportedBodyType extends ErrorResponseException {

    public UnsupportedBodyType(String contentType) {
        super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, problem(contentType), null);
    }

    private static ProblemDetail problem(String contentType) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "expected application/json, got " + contentType);
        problem.setTitle("Unsupported media type");
        return problem;
    }
}
