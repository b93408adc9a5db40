package health.datasafe.ledger.proof;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The ledger has no such shard: shards are numbered 0 to {@code shards - 1}. */
class ShardUnknown extends ErrorResponseException {

    ShardUnknown(int shard, int shards) {
        super(HttpStatus.BAD_REQUEST, problem(shard, shards), null);
    }

    private static ProblemDetail problem(int shard, int shards) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, shards == 0
                ? "the ledger has no shards yet, so no shard %d".formatted(shard)
                : "there is no shard %d: shards are 0 to %d".formatted(shard, shards - 1));
        problem.setTitle("Unknown shard");
        problem.setProperty("shard", shard);
        problem.setProperty("shards", shards);
        return problem;
    }
}
