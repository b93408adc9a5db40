package health.datasafe.ledger.proof;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An export would hold more blocks than {@code dsh.ledger.export.max-blocks}. */
class ExportTooLarge extends ErrorResponseException {

    ExportTooLarge(int shard, long fromHeight, long toHeight, int maxBlocks) {
        super(HttpStatus.BAD_REQUEST, problem(shard, fromHeight, toHeight, maxBlocks), null);
    }

    private static ProblemDetail problem(int shard, long fromHeight, long toHeight, int maxBlocks) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "heights %d to %d of shard %d are %d blocks; one export holds at most %d".formatted(fromHeight, toHeight,
                        shard, toHeight - fromHeight + 1, maxBlocks));
        problem.setTitle("Export too large");
        problem.setProperty("shard", shard);
        problem.setProperty("fromHeight", fromHeight);
        problem.setProperty("toHeight", toHeight);
        problem.setProperty("maxBlocks", maxBlocks);
        return problem;
    }
}
