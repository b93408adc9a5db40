package health.datasafe.kit.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.util.List;

/**
 * The endpoint reads a JSON body and the body came without a Content-Type or with one that is not JSON (or names a
 * charset other than UTF-8).
 */
public class UnsupportedBodyType extends ErrorResponseException {

    /** The media types a JSON endpoint accepts, each with no parameter but {@code charset=utf-8}. */
    public static final List<String> JSON = List.of("application/json", "application/*+json");

    /** @param contentType the request's Content-Type, or null when it had none */
    public UnsupportedBodyType(String contentType) {
        super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, problem(contentType), null);
    }

    private static ProblemDetail problem(String contentType) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                (contentType == null ? "the JSON body came without a Content-Type" : "the body's Content-Type is "
                        + shown(contentType)) + "; accepted: " + String.join(", ", JSON)
                        + ", with no parameter but charset=utf-8");
        problem.setTitle("Unsupported media type");
        if (contentType != null) {
            problem.setProperty("contentType", shown(contentType));
        }
        problem.setProperty("accepted", JSON);
        return problem;
    }

    /** The declared type as the problem repeats it: at most 100 characters of it. */
    private static String shown(String contentType) {
        return contentType.length() <= 100 ? contentType : contentType.substring(0, 100) + "…";
    }
}
