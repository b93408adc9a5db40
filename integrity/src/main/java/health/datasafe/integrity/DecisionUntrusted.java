package health.datasafe.integrity;

/**
 * A validator decision or epoch end that no trusted validator signed: its signer is unknown, or the signature does
 * not verify over what it states, or (an epoch end) it was read from another partition than the shard it names.
 * Whoever consumes it acts on nothing of it.
 */
public final class DecisionUntrusted extends RuntimeException {

    private final String decision;
    private final String signer;

    DecisionUntrusted(String decision, String signer, String message) {
        super(message);
        this.decision = decision;
        this.signer = signer;
    }

    /** What the record claims to decide, e.g. "TransactionRejected of tx 3f…". */
    public String decision() {
        return decision;
    }

    /** The key id the record names as its signer (possibly null). */
    public String signer() {
        return signer;
    }
}
