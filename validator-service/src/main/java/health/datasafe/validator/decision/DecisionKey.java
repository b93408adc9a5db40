package health.datasafe.validator.decision;

import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.integrity.Decisions;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.TrustedKeys;
import health.datasafe.kit.trust.Trust;
import health.datasafe.validator.ValidatorSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * The Ed25519 key this validator signs its decisions and epoch ends with (docs/ledger-format.md, "Validator
 * decisions"), from {@code dsh.validator.private-key} or generated at start, and the validator keys whose decisions
 * a replay accepts: its own and those of {@code dsh.trust.validators} (keys it signed with before).
 */
@Component
public class DecisionKey {

    private static final Logger log = LoggerFactory.getLogger(DecisionKey.class);

    private final Ed25519.SigningKey key;
    private final String keyId;
    private final String validator;
    private final TrustedKeys trusted;

    DecisionKey(ValidatorSettings settings, Trust trust) {
        if (settings.privateKey() == null || settings.privateKey().isBlank()) {
            this.key = Ed25519.SigningKey.generate();
            log.warn("dsh.validator.private-key is not set: generated validator key {}, public key (X.509) {}; no"
                    + " ledger trusts its decisions until it is in their dsh.trust.validators",
                    key.verifyingKey().keyId(), key.verifyingKey().toX509());
        } else {
            this.key = Ed25519.SigningKey.fromPkcs8(settings.privateKey());
            log.info("Validator key {}, public key (X.509) {}", key.verifyingKey().keyId(), key.verifyingKey().toX509());
        }
        this.keyId = key.verifyingKey().keyId();
        this.validator = settings.id();
        this.trusted = TrustedKeys.of(List.of(key.verifyingKey())).and(trust.validators().keys());
    }

    public String keyId() {
        return keyId;
    }

    /** This validator's key and every key of {@code dsh.trust.validators}. */
    public TrustedKeys trusted() {
        return trusted;
    }

    /** The signed event of a transaction this validator accepted. */
    public TransactionValidated validated(Transaction tx, Decision decision) {
        return Decisions.sign(TransactionValidated.unsigned(tx, decision.txHash(), decision.validator(),
                decision.decidedAt(), keyId), key);
    }

    /** The signed event of a transaction this validator refused. */
    public TransactionRejected rejected(Transaction tx, Decision decision) {
        return Decisions.sign(TransactionRejected.unsigned(tx, decision.txHash(), decision.reason(), decision.detail(),
                decision.validator(), decision.decidedAt(), keyId), key);
    }

    /** The signed end of epoch {@code epoch} in shard {@code shard}. */
    public EpochEnded epochEnded(long epoch, int shard, Instant endedAt) {
        return Decisions.sign(EpochEnded.unsigned(epoch, shard, endedAt, validator, keyId), key);
    }
}
