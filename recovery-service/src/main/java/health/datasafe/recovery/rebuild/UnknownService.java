package health.datasafe.recovery.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.util.Collection;

/** No service of this name can be rebuilt (400). */
class UnknownService extends ErrorResponseException {

    UnknownService(String service, Collection<String> known) {
        super(HttpStatus.BAD_REQUEST, problem(service, known), null);
    }

    private static ProblemDetail problem(String service, Collection<String> known) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "no service named \"" + service + "\" can be rebuilt; one of " + known);
        problem.setTitle("Unknown service");
        problem.setProperty("service", service);
        return problem;
    }
}
