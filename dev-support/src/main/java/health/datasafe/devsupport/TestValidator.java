package health.datasafe.devsupport;

import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.integrity.Decisions;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Transactions;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A stand-in validator: its decisions and epoch ends are signed as the validator-service signs them
 * ({@link Decisions}), with a key of its own; a service under test trusts it through {@code dsh.trust.validators} =
 * {@link #publicKeyX509()}.
 */
public final class TestValidator {

    private final Ed25519.SigningKey key;
    private final String name;

    public TestValidator(Ed25519.SigningKey key, String name) {
        this.key = key;
        this.name = name;
    }

    /** A validator named "validator-test" with a key of its own. */
    public TestValidator() {
        this(Ed25519.SigningKey.generate(), "validator-test");
    }

    public Ed25519.VerifyingKey key() {
        return key.verifyingKey();
    }

    /** The value of {@code dsh.trust.validators} that trusts this validator. */
    public String publicKeyX509() {
        return key.verifyingKey().toX509();
    }

    public TransactionValidated validated(Transaction tx) {
        return validated(tx, Transactions.hash(tx));
    }

    /** A decision announcing {@code txHash} for the transaction, whatever it hashes to. */
    public TransactionValidated validated(Transaction tx, String txHash) {
        return Decisions.sign(TransactionValidated.unsigned(tx, txHash, name, now(), key.verifyingKey().keyId()), key);
    }

    public TransactionRejected rejected(Transaction tx, RejectionReason reason, String detail) {
        return Decisions.sign(TransactionRejected.unsigned(tx, Transactions.hash(tx), reason, detail, name, now(),
                key.verifyingKey().keyId()), key);
    }

    public EpochEnded epochEnded(long epoch, int shard, Instant endedAt) {
        return Decisions.sign(EpochEnded.unsigned(epoch, shard, endedAt, name, key.verifyingKey().keyId()), key);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
