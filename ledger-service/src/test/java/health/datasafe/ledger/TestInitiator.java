package health.datasafe.ledger;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Purpose;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.devsupport.TestValidator;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Transactions;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/** Builds and signs transactions as the transaction-service would, and wraps them as the validator would. */
public final class TestInitiator {

    /** The validator whose signed decisions and epoch ends the ledger under test trusts. */
    public static final TestValidator VALIDATOR = new TestValidator();

    private final Ed25519.SigningKey key;

    public TestInitiator() {
        this(Ed25519.SigningKey.generate());
    }

    public TestInitiator(Ed25519.SigningKey key) {
        this.key = key;
    }

    public String publicKey() {
        return key.verifyingKey().toX509();
    }

    public String keyId() {
        return key.verifyingKey().keyId();
    }

    /** A signed RECORD_ACCESSED of the patient with a fresh id. */
    public Transaction recordAccessed(String patientId) {
        return sign(unsigned(patientId));
    }

    /** The same transaction, unsigned, naming this initiator. */
    public Transaction unsigned(String patientId) {
        var metadata = Map.of(Metadata.RECORD_ID, "rec-" + UUID.randomUUID(), Metadata.PURPOSE, Purpose.TREATMENT.name());
        return new Transaction(UUID.randomUUID().toString(), TransactionType.RECORD_ACCESSED, patientId, "clinician-1",
                Transactions.metadataHash(metadata), metadata, Instant.now().truncatedTo(ChronoUnit.MILLIS), keyId(), null);
    }

    public Transaction sign(Transaction unsigned) {
        return Transactions.sign(unsigned, key);
    }

    /** As the validator publishes it: with the tx hash of the signed transaction, the decision signed by {@link #VALIDATOR}. */
    public static TransactionValidated validated(Transaction tx) {
        return VALIDATOR.validated(tx);
    }

    /** A short unique id with a prefix, so tests sharing the broker and database never meet. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
