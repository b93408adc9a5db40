package health.datasafe.transaction.initiator;

import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/** The transaction initiator of the paper: builds transactions and signs them with its Ed25519 key. */
@Component
public class Initiator {

    private static final Logger log = LoggerFactory.getLogger(Initiator.class);

    private final Ed25519.SigningKey key;
    private final String keyId;

    Initiator(InitiatorSettings settings) {
        if (settings.privateKey() == null || settings.privateKey().isBlank()) {
            key = Ed25519.SigningKey.generate();
            log.warn("dsh.initiator.private-key is not set: generated an initiator key for this run only; "
                    + "validators must trust its public key {}", key.verifyingKey().toX509());
        } else {
            key = Ed25519.SigningKey.fromPkcs8(settings.privateKey().trim());
        }
        keyId = key.verifyingKey().keyId();
        log.info("Initiator key id {}, public key {}", keyId, key.verifyingKey().toX509());
    }

    /** The id of the key this initiator signs with, which transactions name as their {@code initiator}. */
    public String keyId() {
        return keyId;
    }

    /** A new transaction with a random id, submitted now, signed. */
    Transaction sign(TransactionType type, String patientId, String actorId, String payloadHash,
                            Map<String, String> metadata) {
        return sign(UUID.randomUUID().toString(), type, patientId, actorId, payloadHash, metadata);
    }

    /** A transaction with the given id, submitted now, signed. */
    Transaction sign(String id, TransactionType type, String patientId, String actorId, String payloadHash,
                            Map<String, String> metadata) {
        var unsigned = new Transaction(id, type, patientId, actorId, payloadHash, metadata,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), keyId, null);
        return Transactions.sign(unsigned, key);
    }

    /** Whether this initiator signed the transaction: its key id, and a signature that verifies with its key. */
    public boolean signed(Transaction tx) {
        if (!keyId.equals(tx.initiator()) || tx.signature() == null) {
            return false;
        }
        try {
            return Transactions.signatureValid(tx, key.verifyingKey());
        } catch (RuntimeException unverifiable) {
            return false;
        }
    }

}
