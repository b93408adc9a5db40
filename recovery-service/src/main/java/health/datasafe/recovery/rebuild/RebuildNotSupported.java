package health.datasafe.recovery.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The service cannot be rebuilt (yet): no URL is configured for it, or it answered 404 to the rebuild (501). */
class RebuildNotSupported extends ErrorResponseException {

    RebuildNotSupported(String service, String why) {
        super(HttpStatus.NOT_IMPLEMENTED, problem(service, why), null);
    }

    private static ProblemDetail problem(String service, String why) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_IMPLEMENTED, service + " cannot rebuild: " + why);
        problem.setTitle("Rebuild not supported");
        problem.setProperty("service", service);
        return problem;
    }
}
