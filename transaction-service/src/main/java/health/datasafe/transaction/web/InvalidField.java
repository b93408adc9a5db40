package health.datasafe.transaction.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A field of the request (path, query or body) has a value this service does not accept. */
public class InvalidField extends ErrorResponseException {

    public InvalidField(String field, String detail) {
        super(HttpStatus.BAD_REQUEST, problem(field, detail), null);
    }

    private static ProblemDetail problem(String field, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + ": " + detail);
        problem.setTitle("Invalid request");
        problem.setProperty("field", field);
        return problem;
    }
}
