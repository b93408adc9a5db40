package health.datasafe.recovery.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.util.List;

/**
 * The body of a rebuild request came without a Content-Type or with one that is not JSON (415); the problem names
 * the {@code contentType} given (at most 100 characters of it) and the {@code accepted} ones.
 */
class RebuildBodyNotJson extends ErrorResponseException {

    private static final List<String> ACCEPTED = List.of("application/json", "application/*+json");

    RebuildBodyNotJson(String contentType) {
        super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, problem(contentType), null);
    }

    private static ProblemDetail problem(String contentType) {
        String shown = contentType == null || contentType.length() <= 100 ? contentType
                : contentType.substring(0, 100) + "…";
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                (shown == null ? "the rebuild request came without a Content-Type" : "the body's Content-Type is "
                        + shown) + "; accepted: " + String.join(", ", ACCEPTED)
                        + ", with no parameter but charset=utf-8");
        problem.setTitle("Unsupported media type");
        if (shown != null) {
            problem.setProperty("contentType", shown);
        }
        problem.setProperty("accepted", ACCEPTED);
        return problem;
    }
}
