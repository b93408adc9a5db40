package health.datasafe.recovery.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The body of a rebuild request is not declared as JSON (415). */
class RebuildBodyNotJson extends ErrorResponseException {

    RebuildBodyNotJson(String contentType) {
        super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, problem(contentType), null);
    }

    private static ProblemDetail problem(String contentType) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "a rebuild request is application/json (charset utf-8 at most), not "
                        + (contentType == null ? "without a Content-Type" : contentType));
        problem.setTitle("Unsupported media type");
        return problem;
    }
}
