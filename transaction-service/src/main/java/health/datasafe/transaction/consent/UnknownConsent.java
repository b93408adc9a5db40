package health.datasafe.transaction.consent;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The patient has no committed consent with this id. */
public class UnknownConsent extends ErrorResponseException {

    public UnknownConsent(String patientId, String consentId) {
        super(HttpStatus.NOT_FOUND, problem(patientId, consentId), null);
    }

    private static ProblemDetail problem(String patientId, String consentId) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "patient " + patientId + " has no committed consent " + consentId);
        problem.setTitle("Unknown consent");
        problem.setProperty("consentId", consentId);
        return problem;
    }
}
