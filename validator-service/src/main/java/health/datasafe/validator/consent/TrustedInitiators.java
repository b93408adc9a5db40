package health.datasafe.validator.consent;

import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Transactions;
import health.datasafe.integrity.TrustedKeys;

import java.util.Optional;
import java.util.Set;

/** The initiators whose Ed25519 signatures the validator accepts, by key id. */
public final class TrustedInitiators {

    private final TrustedKeys keys;

    public TrustedInitiators(TrustedKeys keys) {
        this.keys = keys;
    }

    public Set<String> keyIds() {
        return keys.keyIds();
    }

    /** Why the transaction's signature is not acceptable, if it is not. */
    Optional<Verdict.Rejected> violation(Transaction tx) {
        if (tx.initiator() == null) {
            return refused("initiator is missing");
        }
        Ed25519.VerifyingKey key = keys.byKeyId(tx.initiator()).orElse(null);
        if (key == null) {
            return refused("initiator " + tx.initiator() + " is not a trusted key");
        }
        if (tx.signature() == null) {
            return refused("signature is missing");
        }
        boolean valid;
        try {
            valid = Transactions.signatureValid(tx, key);
        } catch (RuntimeException unverifiable) {
            valid = false;
        }
        return valid ? Optional.empty()
                : refused("signature does not verify against initiator " + tx.initiator());
    }

    private static Optional<Verdict.Rejected> refused(String detail) {
        return Optional.of(new Verdict.Rejected(RejectionReason.SIGNATURE_INVALID, detail));
    }
}
