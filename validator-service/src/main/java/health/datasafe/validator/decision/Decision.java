package health.datasafe.validator.decision;

import health.datasafe.contracts.RejectionReason;

import java.time.Instant;

/**
 * What the validator decided about one transaction.
 *
 * @param txId      the transaction's id
 * @param txHash    its hash (docs/ledger-format.md), which tells a redelivery from another transaction reusing the id
 * @param reason    why it was rejected; null when it was validated
 * @param detail    what failed, for the initiator; null when validated
 * @param validator id of the validator that decided
 * @param decidedAt when, millisecond precision
 */
public record Decision(String txId, String txHash, RejectionReason reason, String detail, String validator,
                       Instant decidedAt) {

    public boolean validated() {
        return reason == null;
    }
}
