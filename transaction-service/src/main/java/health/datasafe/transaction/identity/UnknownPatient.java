package health.datasafe.transaction.identity;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No patient with this id is registered. */
public class UnknownPatient extends ErrorResponseException {

    public UnknownPatient(String patientId) {
        super(HttpStatus.NOT_FOUND, problem(patientId), null);
    }

    private static ProblemDetail problem(String patientId) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "unknown patient " + patientId);
        problem.setTitle("Unknown patient");
        problem.setProperty("patientId", patientId);
        return problem;
    }
}
