package health.datasafe.devstack.keys;

/**
 * The ledger kept in a data directory (its genesis document and its nodes' keys) is not the one asked for, or cannot
 * be run as it is; the message is one sentence saying so and what to do.
 */
public final class KeptLedgerDiffers extends IllegalStateException {

    public KeptLedgerDiffers(String sentence) {
        super(sentence);
    }
}
