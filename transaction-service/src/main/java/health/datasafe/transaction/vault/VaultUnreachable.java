package health.datasafe.transaction.vault;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The vault could not put what it stores on its Kafka topic; nothing of the write was kept or acknowledged. */
public class VaultUnreachable extends ErrorResponseException {

    private final String topic;

    public VaultUnreachable(String topic, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(topic), cause);
        this.topic = topic;
        getHeaders().set("Retry-After", "5");
    }

    public String topic() {
        return topic;
    }

    private static ProblemDetail problem(String topic) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the record vault could not write to " + topic + "; nothing was stored, try again");
        problem.setTitle("Vault unreachable");
        problem.setProperty("topic", topic);
        return problem;
    }
}
