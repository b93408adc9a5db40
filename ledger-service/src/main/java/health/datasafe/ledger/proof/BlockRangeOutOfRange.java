package health.datasafe.ledger.proof;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An export's heights are not a range of committed blocks of the shard: {@code 0 <= from <= to <= tip}. */
class BlockRangeOutOfRange extends ErrorResponseException {

    /** @param tipHeight the shard's latest height, or -1 when it has no block */
    BlockRangeOutOfRange(int shard, long fromHeight, long toHeight, long tipHeight) {
        super(HttpStatus.BAD_REQUEST, problem(shard, fromHeight, toHeight, tipHeight), null);
    }

    private static ProblemDetail problem(int shard, long fromHeight, long toHeight, long tipHeight) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, tipHeight < 0
                ? "shard %d has no block yet".formatted(shard)
                : "heights %d to %d are not a range of shard %d's blocks 0 to %d".formatted(fromHeight, toHeight, shard,
                tipHeight));
        problem.setTitle("Block range out of range");
        problem.setProperty("shard", shard);
        problem.setProperty("fromHeight", fromHeight);
        problem.setProperty("toHeight", toHeight);
        problem.setProperty("tipHeight", tipHeight);
        return problem;
    }
}
