package health.datasafe.recovery.audit;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An audit was asked for while a rebuild of the recovery-service's own state holds audits paused: try again later. */
class AuditsPaused extends ErrorResponseException {

    AuditsPaused() {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(), null);
    }

    private static ProblemDetail problem() {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "audits are paused while the recovery-service's own state is rebuilt; try again when it is done");
        problem.setTitle("Audits paused");
        return problem;
    }
}
