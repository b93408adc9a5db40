package health.datasafe.transaction.record;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The access is committed, but this vault holds no content for the record (never added here, or erased). */
public class RecordContentUnavailable extends ErrorResponseException {

    public RecordContentUnavailable(String transactionId, String recordId) {
        super(HttpStatus.NOT_FOUND, problem(transactionId, recordId), null);
    }

    private static ProblemDetail problem(String transactionId, String recordId) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no content is held for record " + recordId);
        problem.setTitle("Record content unavailable");
        problem.setProperty("transactionId", transactionId);
        problem.setProperty("recordId", recordId);
        return problem;
    }
}
