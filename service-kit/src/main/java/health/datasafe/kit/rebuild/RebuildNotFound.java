package health.datasafe.kit.rebuild;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No rebuild with this id ran on this node since it started. */
public class RebuildNotFound extends ErrorResponseException {

    RebuildNotFound(String id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(String id) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "no rebuild " + id + " ran on this node since it started");
        problem.setTitle("Rebuild not found");
        return problem;
    }
}
