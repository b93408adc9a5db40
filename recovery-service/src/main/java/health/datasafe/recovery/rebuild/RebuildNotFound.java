package health.datasafe.recovery.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No rebuild with this id was asked of recovery (404). */
class RebuildNotFound extends ErrorResponseException {

    RebuildNotFound(String id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(String id) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no rebuild " + id);
        problem.setTitle("Rebuild not found");
        return problem;
    }
}
