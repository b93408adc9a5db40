package health.datasafe.ledger.proof;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A requested size of a shard's log is not between {@code min} and {@code max} (the shard's committed log size). */
class TreeSizeOutOfRange extends ErrorResponseException {

    TreeSizeOutOfRange(String parameter, long value, int shard, long min, long max) {
        super(HttpStatus.BAD_REQUEST, problem(parameter, value, shard, min, max), null);
    }

    private static ProblemDetail problem(String parameter, long value, int shard, long min, long max) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "%s %d is out of range: shard %d's log allows %d to %d here".formatted(parameter, value, shard, min, max));
        problem.setTitle("Tree size out of range");
        problem.setProperty("parameter", parameter);
        problem.setProperty("value", value);
        problem.setProperty("shard", shard);
        problem.setProperty("min", min);
        problem.setProperty("max", max);
        return problem;
    }
}
