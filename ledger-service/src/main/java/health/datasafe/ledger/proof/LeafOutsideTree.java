package health.datasafe.ledger.proof;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The transaction's leaf is not in a tree of the requested size: its index is not below the size. */
class LeafOutsideTree extends ErrorResponseException {

    LeafOutsideTree(String txHash, long leafIndex, long treeSize) {
        super(HttpStatus.BAD_REQUEST, problem(txHash, leafIndex, treeSize), null);
    }

    private static ProblemDetail problem(String txHash, long leafIndex, long treeSize) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "transaction %s is leaf %d, not in a tree of size %d".formatted(txHash, leafIndex, treeSize));
        problem.setTitle("Leaf outside the tree");
        problem.setProperty("txHash", txHash);
        problem.setProperty("leafIndex", leafIndex);
        problem.setProperty("treeSize", treeSize);
        return problem;
    }
}
