package health.datasafe.transaction.vault;

import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.transaction.initiator.Draft;
import health.datasafe.transaction.initiator.Initiator;
import health.datasafe.transaction.initiator.LedgerCommitted;
import health.datasafe.transaction.initiator.Submissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * Carries out every committed RECORD_ERASED, whoever initiated it: the vault destroys the record ({@link Vault#erase})
 * and confirms it with ERASURE_CONFIRMED, as {@code vault-<initiator key id>}. It runs in the block consumer, so a
 * block delivered again (after a crash between the two) erases nothing more and confirms under the same id, derived
 * from the erasure's.
 */
@Component
class Erasures {

    private static final Logger log = LoggerFactory.getLogger(Erasures.class);

    private final Vault vault;
    private final Submissions submissions;
    private final String vaultActor;

    Erasures(Vault vault, Submissions submissions, Initiator initiator) {
        this.vault = vault;
        this.submissions = submissions;
        this.vaultActor = Metadata.vaultOf(initiator.keyId());
    }

    /** The id of the ERASURE_CONFIRMED of erasure {@code erasureId}. */
    static String confirmationIdOf(String erasureId) {
        return UUID.nameUUIDFromBytes(("erased:" + erasureId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @EventListener
    void onCommitted(LedgerCommitted committed) {
        Transaction erasure = committed.transaction();
        if (erasure.type() != TransactionType.RECORD_ERASED) {
            return;
        }
        String recordId = erasure.meta(Metadata.RECORD_ID);
        boolean destroyed = vault.erase(erasure.patientId(), recordId);
        log.info("Record {} of patient {} erased by transaction {}{}", recordId, erasure.patientId(), erasure.id(),
                destroyed ? "" : " (the vault held nothing of it any more)");
        submissions.submitOnce(confirmationIdOf(erasure.id()), Draft.of(TransactionType.ERASURE_CONFIRMED,
                erasure.patientId(), vaultActor, Map.of(Metadata.RECORD_ID, recordId,
                        Metadata.ERASURE_ID, erasure.id())));
    }
}
