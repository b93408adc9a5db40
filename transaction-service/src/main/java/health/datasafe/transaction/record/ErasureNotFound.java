package health.datasafe.transaction.record;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/** No erasure of this record of this patient is committed (yet). */
class ErasureNotFound extends ErrorResponseException {

    ErasureNotFound(String patientId, String recordId) {
        super(HttpStatus.NOT_FOUND, problem(patientId, recordId), null);
    }

    private static ProblemDetail problem(String patientId, String recordId) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no committed erasure of record "
                + recordId + " of patient " + patientId);
        problem.setTitle("Erasure not found");
        problem.setType(URI.create("urn:dsh:problem:erasure-not-found"));
        return problem;
    }
}
