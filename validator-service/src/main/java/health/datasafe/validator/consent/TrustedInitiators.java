package health.datasafe.validator.consent;

import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Transactions;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The initiators whose Ed25519 signatures the validator accepts, by key id. */
public final class TrustedInitiators {

    private final Map<String, Ed25519.VerifyingKey> byKeyId;

    private TrustedInitiators(Map<String, Ed25519.VerifyingKey> byKeyId) {
        this.byKeyId = Map.copyOf(byKeyId);
    }

    /** Reads base64 X.509 public keys; an unreadable key is a configuration error and fails here. */
    public static TrustedInitiators of(Collection<String> base64X509Keys) {
        var keys = new LinkedHashMap<String, Ed25519.VerifyingKey>();
        for (String encoded : base64X509Keys) {
            var key = Ed25519.VerifyingKey.fromX509(encoded);
            keys.put(key.keyId(), key);
        }
        return new TrustedInitiators(keys);
    }

    public Set<String> keyIds() {
        return byKeyId.keySet();
    }

    /** Why the transaction's signature is not acceptable, if it is not. */
    Optional<Verdict.Rejected> violation(Transaction tx) {
        if (tx.initiator() == null) {
            return refused("initiator is missing");
        }
        Ed25519.VerifyingKey key = byKeyId.get(tx.initiator());
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
