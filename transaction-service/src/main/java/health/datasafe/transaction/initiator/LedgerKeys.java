package health.datasafe.transaction.initiator;

import health.datasafe.integrity.Ed25519;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;

/** The ledger nodes' public keys from {@code dsh.trust.ledger-keys}, read once at start (an unreadable key stops the start). */
@Component
class LedgerKeys {

    private static final Logger log = LoggerFactory.getLogger(LedgerKeys.class);

    private final List<Ed25519.VerifyingKey> trusted;

    LedgerKeys(TrustSettings settings) {
        trusted = settings.ledgerKeys().stream().map(Ed25519.VerifyingKey::fromX509).toList();
        if (trusted.isEmpty()) {
            log.warn("dsh.trust.ledger-keys is empty: checkpoint signatures on dsh.ledger.blocks are not checked");
        } else {
            log.info("Trusting checkpoints signed by ledger keys {}", trusted.stream().map(Ed25519.VerifyingKey::keyId).toList());
        }
    }

    /** The trusted keys; empty when none are configured. */
    List<Ed25519.VerifyingKey> trusted() {
        return trusted;
    }
}
