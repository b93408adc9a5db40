package health.datasafe.ledger.proof;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No checkpoint was made after this block (no such block, or one committed before checkpoints were made), or none yet. */
class CheckpointNotFound extends ErrorResponseException {

    /** No checkpoint at all yet. */
    CheckpointNotFound() {
        super(HttpStatus.NOT_FOUND, problem("the ledger has signed no checkpoint yet"), null);
    }

    CheckpointNotFound(int shard, long height) {
        super(HttpStatus.NOT_FOUND, withPlace(problem("no checkpoint was made after block %d of shard %d"
                .formatted(height, shard)), shard, height), null);
    }

    private static ProblemDetail problem(String detail) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
        problem.setTitle("Checkpoint not found");
        return problem;
    }

    private static ProblemDetail withPlace(ProblemDetail problem, int shard, long height) {
        problem.setProperty("shard", shard);
        problem.setProperty("height", height);
        return problem;
    }
}
