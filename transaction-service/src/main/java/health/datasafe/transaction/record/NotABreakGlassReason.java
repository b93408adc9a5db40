package health.datasafe.transaction.record;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/**
 * An auditor asked to read a record that is not the written reason of a break-glass: auditors review break-glasses,
 * they do not read charts. The same answer whether the record exists or not, and nothing is submitted.
 */
class NotABreakGlassReason extends ErrorResponseException {

    NotABreakGlassReason(String patientId, String recordId) {
        super(HttpStatus.FORBIDDEN, problem(patientId, recordId), null);
    }

    private static ProblemDetail problem(String patientId, String recordId) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "an auditor reads only the written reason"
                + " of a break-glass; record " + recordId + " of patient " + patientId + " is not one the vault holds");
        problem.setTitle("Not a break-glass reason");
        problem.setType(URI.create("urn:dsh:problem:not-a-break-glass-reason"));
        return problem;
    }
}
