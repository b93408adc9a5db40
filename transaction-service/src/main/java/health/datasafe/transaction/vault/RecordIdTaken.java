package health.datasafe.transaction.vault;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A record id the writer chose is the id of a record already held (or being added). */
public class RecordIdTaken extends ErrorResponseException {

    public RecordIdTaken(String recordId) {
        super(HttpStatus.CONFLICT, problem(recordId), null);
    }

    private static ProblemDetail problem(String recordId) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "record id " + recordId
                + " is taken; choose another (a fresh UUID)");
        problem.setTitle("Record id taken");
        problem.setProperty("recordId", recordId);
        return problem;
    }
}
