package health.datasafe.ledger.query;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A page of blocks was asked from a negative height, or with a limit outside 1 to {@value #MAX_LIMIT}. */
class BlockPageOutOfRange extends ErrorResponseException {

    static final int DEFAULT_LIMIT = 256;
    static final int MAX_LIMIT = 1_000;

    BlockPageOutOfRange(long from, int limit) {
        super(HttpStatus.BAD_REQUEST, problem(from, limit), null);
    }

    private static ProblemDetail problem(long from, int limit) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "a page of blocks starts at a height of 0 or more and holds 1 to %d blocks; asked from %d, limit %d"
                        .formatted(MAX_LIMIT, from, limit));
        problem.setTitle("Block page out of range");
        problem.setProperty("from", from);
        problem.setProperty("limit", limit);
        return problem;
    }
}
