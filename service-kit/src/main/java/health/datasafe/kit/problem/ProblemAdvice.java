package health.datasafe.kit.problem;

import health.datasafe.kit.kafka.InfrastructureFaults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;

/**
 * Every error a servlet service answers leaves as an RFC 9457 problem. Our own
 * {@link org.springframework.web.ErrorResponseException}s keep their detail; Spring MVC's (400, 404, 405, 406, 413,
 * 415 and the rest) get {@link Problem}'s generic wording instead of the framework's; an outage of the database or
 * the broker ({@link InfrastructureFaults#isOutage}) is a 503 with {@code Retry-After}; anything else unexpected is a
 * 500 that tells nothing of the internals and is logged here with its stack trace.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    private static final String OUTAGE_RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception failure, WebRequest request) {
        if (InfrastructureFaults.isOutage(failure)) {
            // the database or the broker is away: nothing was done, and asking again later will work
            log.warn("Outage on {}: {}", request.getDescription(false), failure.toString());
            HttpStatus status = HttpStatus.SERVICE_UNAVAILABLE;
            var headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, OUTAGE_RETRY_AFTER_SECONDS);
            return handleExceptionInternal(failure, problem(status, Problem.standardDetail(status), request), headers,
                    status, request);
        }
        log.error("Unexpected failure on {}", request.getDescription(false), failure);
        HttpStatus status = HttpStatus.INTERNAL_SERVER_ERROR;
        return handleExceptionInternal(failure, problem(status, Problem.standardDetail(status), request),
                new HttpHeaders(), status, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception failure, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        // our own ErrorResponseExceptions arrive without a body; the base class then takes theirs
        Object answer = Problem.isOurs(failure) ? body : problem(status, Problem.standardDetail(status), request);
        return super.handleExceptionInternal(failure, answer, headers, status, request);
    }

    private static ProblemDetail problem(HttpStatusCode status, String detail, WebRequest request) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(Problem.title(status));
        if (request instanceof ServletWebRequest servlet) {
            try {
                problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
            } catch (IllegalArgumentException notAUri) {
                // leave instance out rather than fail while answering a failure
            }
        }
        return problem;
    }
}
