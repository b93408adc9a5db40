package health.datasafe.ledger.query;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No block of this height is committed in this shard. */
class BlockNotFound extends ErrorResponseException {

    BlockNotFound(int shard, long height) {
        super(HttpStatus.NOT_FOUND, problem(shard, height), null);
    }

    private static ProblemDetail problem(int shard, long height) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "no block of height %d is committed in shard %d".formatted(height, shard));
        problem.setTitle("Block not found");
        problem.setProperty("shard", shard);
        problem.setProperty("height", height);
        return problem;
    }
}
