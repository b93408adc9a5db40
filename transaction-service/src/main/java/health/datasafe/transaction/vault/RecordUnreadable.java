package health.datasafe.transaction.vault;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A stored record failed authenticated decryption: its ciphertext or one of its keys was altered, or the key is gone. */
public class RecordUnreadable extends ErrorResponseException {

    public RecordUnreadable(String recordId, String why) {
        super(HttpStatus.INTERNAL_SERVER_ERROR, problem(recordId, why), null);
    }

    private static ProblemDetail problem(String recordId, String why) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "record " + recordId + " cannot be decrypted: " + why);
        problem.setTitle("Record unreadable");
        problem.setProperty("recordId", recordId);
        return problem;
    }
}
