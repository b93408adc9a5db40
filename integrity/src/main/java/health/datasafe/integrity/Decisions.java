package health.datasafe.integrity;

import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionValidated;

import java.time.Instant;

/**
 * How the validator signs its decisions and epoch ends (docs/ledger-format.md, "Validator decisions"). The signing
 * input is the canonical JSON of a statement naming the event, what it decides and who signs it: for a transaction,
 * its tx hash stands for it (every consumer checks that hash against the transaction), so a decision is as small to
 * sign as a block hash. The event's own Kafka record may carry more (the whole transaction); only the statement is
 * signed.
 */
public final class Decisions {

    /** What a validator signs for an accepted transaction. */
    record Validated(String event, String txHash, String validator, Instant validatedAt, String signer) {
    }

    /** What a validator signs for a refused transaction. */
    record Rejected(String event, String txHash, String reason, String detail, String validator, Instant rejectedAt,
                    String signer) {
    }

    /** What a validator signs for the end of an epoch in one shard. */
    record Ended(String event, long epoch, int shard, Instant endedAt, String validator, String signer) {
    }

    private Decisions() {
    }

    public static byte[] signingInput(TransactionValidated validated) {
        return CanonicalJson.of(new Validated("TransactionValidated", validated.txHash(), validated.validator(),
                validated.validatedAt(), validated.signer()));
    }

    public static byte[] signingInput(TransactionRejected rejected) {
        return CanonicalJson.of(new Rejected("TransactionRejected", rejected.txHash(),
                rejected.reason() == null ? null : rejected.reason().name(), rejected.detail(), rejected.validator(),
                rejected.rejectedAt(), rejected.signer()));
    }

    public static byte[] signingInput(EpochEnded ended) {
        return CanonicalJson.of(new Ended(EpochEnded.EVENT, ended.epoch(), ended.shard(), ended.endedAt(),
                ended.validator(), ended.signer()));
    }

    /** The decision signed with {@code key}, which it names as its {@code signer}. */
    public static TransactionValidated sign(TransactionValidated unsigned, Ed25519.SigningKey key) {
        requireSigner(unsigned.signer(), key);
        return unsigned.withSignature(key.signBase64(signingInput(unsigned)));
    }

    public static TransactionRejected sign(TransactionRejected unsigned, Ed25519.SigningKey key) {
        requireSigner(unsigned.signer(), key);
        return unsigned.withSignature(key.signBase64(signingInput(unsigned)));
    }

    public static EpochEnded sign(EpochEnded unsigned, Ed25519.SigningKey key) {
        requireSigner(unsigned.signer(), key);
        return unsigned.withSignature(key.signBase64(signingInput(unsigned)));
    }

    /** @throws DecisionUntrusted unless a trusted validator key named by the decision signed it */
    public static void verify(TransactionValidated validated, TrustedKeys validators) {
        verify("TransactionValidated of tx " + validated.txHash(), validated.signer(), signingInput(validated),
                validated.signature(), validators);
    }

    /** @throws DecisionUntrusted unless a trusted validator key named by the decision signed it */
    public static void verify(TransactionRejected rejected, TrustedKeys validators) {
        verify("TransactionRejected of tx " + rejected.txHash(), rejected.signer(), signingInput(rejected),
                rejected.signature(), validators);
    }

    /** @throws DecisionUntrusted unless a trusted validator key named by the end signed it */
    public static void verify(EpochEnded ended, TrustedKeys validators) {
        verify("EpochEnded " + ended.epoch() + " of shard " + ended.shard(), ended.signer(), signingInput(ended),
                ended.signature(), validators);
    }

    /**
     * An end read from {@code partition}: it counts only there, so it must name that partition as its shard and a
     * trusted validator key it names must have signed it.
     *
     * @throws DecisionUntrusted otherwise
     */
    public static void verify(EpochEnded ended, int partition, TrustedKeys validators) {
        if (ended.shard() != partition) {
            throw new DecisionUntrusted("EpochEnded " + ended.epoch() + " of shard " + ended.shard(), ended.signer(),
                    "epoch end " + ended.epoch() + " names shard " + ended.shard() + " but was written to partition "
                            + partition);
        }
        verify(ended, validators);
    }

    private static void verify(String what, String signer, byte[] signingInput, String signature,
                               TrustedKeys validators) {
        if (validators.byKeyId(signer).isEmpty()) {
            throw new DecisionUntrusted(what, signer, "%s: signer %s is not a trusted validator key"
                    .formatted(what, signer));
        }
        if (!validators.verifies(signer, signingInput, signature)) {
            throw new DecisionUntrusted(what, signer, "%s: signer %s did not make its signature"
                    .formatted(what, signer));
        }
    }

    private static void requireSigner(String signer, Ed25519.SigningKey key) {
        if (!key.verifyingKey().keyId().equals(signer)) {
            throw new IllegalArgumentException("the decision names signer " + signer + " but the key is "
                    + key.verifyingKey().keyId());
        }
    }
}
