package health.datasafe.transaction.record;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.util.List;

/**
 * A record's Content-Type is missing, carries parameters, or is not one of the accepted media types
 * ({@code dsh.records.media-types}); nothing is stored or submitted.
 */
public class RecordTypeNotAccepted extends ErrorResponseException {

    /** @param contentType the request's Content-Type as sent, or null when it had none */
    public RecordTypeNotAccepted(String contentType, List<String> accepted) {
        super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, problem(contentType, accepted), null);
    }

    private static ProblemDetail problem(String contentType, List<String> accepted) {
        String why;
        if (contentType == null || contentType.isBlank()) {
            why = "a record needs a Content-Type";
        } else if (contentType.contains(";")) {
            why = "a record's Content-Type is a bare type/subtype without parameters, not " + shown(contentType);
        } else {
            why = shown(contentType) + " is not a media type accepted for records";
        }
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                why + "; accepted: " + String.join(", ", accepted));
        problem.setTitle("Record media type not accepted");
        if (contentType != null) {
            problem.setProperty("contentType", shown(contentType));
        }
        problem.setProperty("accepted", accepted);
        return problem;
    }

    /** The declared type as the problem repeats it: at most 100 characters of it. */
    private static String shown(String contentType) {
        return contentType.length() <= 100 ? contentType : contentType.substring(0, 100) + "…";
    }
}
