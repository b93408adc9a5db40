package health.datasafe.report.breakglass;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A query parameter of the register is not one it takes. */
class ParameterInvalid extends ErrorResponseException {

    ParameterInvalid(String parameter, String detail) {
        super(HttpStatus.BAD_REQUEST, problem(parameter, detail), null);
    }

    private static ProblemDetail problem(String parameter, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, parameter + " " + detail);
        problem.setTitle("Invalid parameter");
        problem.setProperty("parameter", parameter);
        return problem;
    }
}
