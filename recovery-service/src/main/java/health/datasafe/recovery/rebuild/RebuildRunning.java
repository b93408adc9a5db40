package health.datasafe.recovery.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A rebuild of the service is already running (409): one at a time; {@code running} says which, if known. */
class RebuildRunning extends ErrorResponseException {

    RebuildRunning(String service, String running) {
        super(HttpStatus.CONFLICT, problem(service, running), null);
    }

    private static ProblemDetail problem(String service, String running) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "a rebuild of " + service + " is already running" + (running == null ? "" : ": " + running));
        problem.setTitle("Rebuild running");
        problem.setProperty("service", service);
        return problem;
    }
}
