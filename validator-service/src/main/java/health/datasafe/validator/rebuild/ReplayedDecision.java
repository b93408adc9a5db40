package health.datasafe.validator.rebuild;

import health.datasafe.contracts.RejectionReason;
import health.datasafe.validator.consent.Change;

import java.time.Instant;

/**
 * A decision as a verified record of {@code dsh.tx.validated} or {@code dsh.tx.rejected} states it.
 *
 * @param reason null when validated
 * @param change what the validated transaction changes ({@code ConsentEngine.changeOf}); null when rejected
 * @param where  topic-partition@offset of the record, for the log
 */
record ReplayedDecision(String txId, String txHash, RejectionReason reason, String detail, String validator,
                        Instant decidedAt, Change change, String where) {

    boolean validated() {
        return reason == null;
    }
}
