package health.datasafe.bench.submit;

/** A submitted transaction ended REJECTED instead of COMMITTED. */
public class TransactionRejected extends RuntimeException {

    private final String transactionId;
    private final String reason;

    public TransactionRejected(String transactionId, String reason) {
        super("transaction " + transactionId + " was rejected: " + reason);
        this.transactionId = transactionId;
        this.reason = reason;
    }

    public String transactionId() {
        return transactionId;
    }

    public String reason() {
        return reason;
    }
}
