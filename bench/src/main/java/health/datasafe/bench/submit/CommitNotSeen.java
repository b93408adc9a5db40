package health.datasafe.bench.submit;

import java.time.Duration;

/** A submitted transaction was still not COMMITTED after the benchmark waited this long. */
public class CommitNotSeen extends RuntimeException {

    private final String transactionId;
    private final Duration waited;

    public CommitNotSeen(String transactionId, Duration waited) {
        super("transaction " + transactionId + " not committed after " + waited.toMillis() + " ms");
        this.transactionId = transactionId;
        this.waited = waited;
    }

    public String transactionId() {
        return transactionId;
    }

    public Duration waited() {
        return waited;
    }
}
