package health.datasafe.recovery.witness;

import health.datasafe.integrity.Hex;
import health.datasafe.integrity.LedgerInvalid;
import health.datasafe.integrity.TrustedKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Base64;

/**
 * Whose block signatures the witness accepts. With {@code dsh.trust.ledger-keys} set, a block must carry a
 * valid Ed25519 signature by one of those keys (matched by key id). Without keys, the first signer seen is trusted on
 * first use and recorded (in the schema its store points at, so a replay trusts the first signer on the topic again);
 * since a block names only its signer's key id, not its public key, later blocks are then held to that key id and a
 * well-formed signature, which is weaker: configure the keys wherever they are known.
 */
class LedgerSigners {

    private static final Logger log = LoggerFactory.getLogger(LedgerSigners.class);
    private static final int SIGNATURE_BYTES = 64;

    private final TrustedKeys configured;
    private final WitnessStore store;

    LedgerSigners(TrustedKeys configured, WitnessStore store) {
        this.store = store;
        this.configured = configured;
    }

    /** Throws {@link LedgerInvalid.SignatureInvalid} unless the block hash is signed by a trusted ledger key. */
    void verify(int shard, long height, String blockHash, String signer, String signature) {
        if (!configured.isEmpty()) {
            if (!configured.verifies(signer, Hex.parseHash(blockHash), signature)) {
                throw new LedgerInvalid.SignatureInvalid(signer, shard, height);
            }
            return;
        }
        String trusted = store.trustedSigner().orElseGet(() -> {
            String first = store.trustOnFirstUse(signer);
            log.warn("Trusting ledger signer {} on first use (block {} of shard {})", first, height, shard);
            return first;
        });
        if (!trusted.equals(signer) || !wellFormed(signature)) {
            throw new LedgerInvalid.SignatureInvalid(signer, shard, height);
        }
    }

    /** The key ids whose signatures are accepted, for incident reports. */
    String trusted() {
        if (!configured.isEmpty()) {
            return String.join(",", configured.keyIds());
        }
        return store.trustedSigner().orElse("");
    }

    private static boolean wellFormed(String signature) {
        try {
            return signature != null && Base64.getDecoder().decode(signature).length == SIGNATURE_BYTES;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
