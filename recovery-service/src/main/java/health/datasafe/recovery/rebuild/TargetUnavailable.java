package health.datasafe.recovery.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/** The service asked to rebuild could not be reached, or answered what a rebuild endpoint does not (502). */
class TargetUnavailable extends ErrorResponseException {

    TargetUnavailable(String service, URI uri, String why) {
        super(HttpStatus.BAD_GATEWAY, problem(service, uri, why), null);
    }

    private static ProblemDetail problem(String service, URI uri, String why) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, service + " at " + uri + " " + why);
        problem.setTitle("Service unavailable");
        problem.setProperty("service", service);
        return problem;
    }
}
