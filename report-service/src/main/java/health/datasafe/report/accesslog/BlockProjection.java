package health.datasafe.report.accesslog;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.Metadata;
import health.datasafe.contracts.Transaction;
import health.datasafe.kit.kafka.BlockScreen;
import health.datasafe.kit.kafka.RecordRefused;
import health.datasafe.kit.trust.Trust;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the access log takes from a record of {@code dsh.ledger.blocks}, the one code path of the listener and of a
 * replay: the record must be a whole block whose hashes check out and that a ledger key of {@code dsh.trust.ledger-keys}
 * signed ({@link BlockScreen#verified}; the service does not start without one), and
 * each of its RECORD_ACCESSED and ACCESS_DENIED transactions, RECORD_ADDED by anyone but the patient, KEY_RECOVERED of
 * a patient, EMERGENCY_ACCESS, EMERGENCY_REVIEWED, RECORD_ERASED and ERASURE_CONFIRMED must name a patient, an actor and a time (a break-glass its
 * window's end too, a review its finding); otherwise the record is {@link RecordRefused} with the reason and adds
 * nothing.
 */
@Component
class BlockProjection {

    private final BlockScreen blocks;

    BlockProjection(BlockScreen blocks, Trust trust) {
        this.blocks = blocks;
        trust.requiredLedger("report-service");
    }

    ProjectedBlock project(byte[] value) {
        return projected(blocks.verified(value));
    }

    /**
     * Projects a block once, whichever ledger node announced it ({@link BlockScreen#onFirstCopy}): another node's copy
     * of a block already projected is neither read (its header names it) nor verified nor projected again.
     */
    void projectFirstCopy(ConsumerRecord<?, byte[]> record, Consumer<ProjectedBlock> sink) {
        blocks.onFirstCopy(record, block -> sink.accept(projected(block)));
    }

    private static ProjectedBlock projected(BlockCommitted block) {
        return new ProjectedBlock(block.header().shard(), block.header().height(), block.header().logSize(),
                accessAttemptsOf(block));
    }

    private static List<AccessAttempt> accessAttemptsOf(BlockCommitted block) {
        var attempts = new ArrayList<AccessAttempt>();
        for (CommittedTransaction committed : block.transactions()) {
            Transaction tx = committed.transaction();
            Outcome outcome = switch (tx.type()) {
                case RECORD_ACCESSED -> Outcome.READ;
                case ACCESS_DENIED -> Metadata.WRITE.equals(tx.meta(Metadata.ACTION)) ? Outcome.WRITE_DENIED
                        : Outcome.DENIED;
                // a patient's own additions are her chart, not an access to it
                case RECORD_ADDED -> tx.actorId() == null || tx.actorId().equals(tx.patientId()) ? null
                        : Outcome.WRITTEN;
                // a patient's key replaced by an administrator: she must learn of it (a clinician's has no patient)
                case KEY_RECOVERED -> tx.patientId() == null ? null : Outcome.KEY_RECOVERED;
                case EMERGENCY_ACCESS -> Outcome.BREAK_GLASS;
                case EMERGENCY_REVIEWED -> Outcome.BREAK_GLASS_REVIEWED;
                case RECORD_ERASED -> Outcome.ERASED;
                case ERASURE_CONFIRMED -> Outcome.ERASURE_CONFIRMED;
                default -> null;
            };
            if (outcome == null) {
                continue;
            }
            require(tx.patientId(), "patientId", tx);
            require(tx.actorId(), "actorId", tx);
            if (tx.submittedAt() == null) {
                throw new RecordRefused("transaction " + tx.id() + " has no submittedAt");
            }
            attempts.add(new AccessAttempt(tx.id(), tx.patientId(), tx.actorId(), tx.meta(Metadata.RECORD_ID),
                    tx.meta(Metadata.PURPOSE), outcome, reasonOf(outcome, tx),
                    tx.meta(Metadata.CONSENT_ID), tx.meta(Metadata.CONSENT_RULES),
                    outcome == Outcome.BREAK_GLASS ? validUntilOf(tx) : null, tx.submittedAt(), committed.txHash(),
                    block.header().shard(), block.header().height(), committed.leafIndex()));
        }
        return attempts;
    }

    /** Why a refusal was refused, and what a review found; nothing for the rest. */
    private static String reasonOf(Outcome outcome, Transaction tx) {
        if (outcome == Outcome.BREAK_GLASS_REVIEWED) {
            require(tx.meta(Metadata.FINDING), "finding", tx);
            return tx.meta(Metadata.FINDING);
        }
        return outcome.refused() ? tx.meta(Metadata.REASON) : null;
    }

    private static String validUntilOf(Transaction tx) {
        require(tx.meta(Metadata.VALID_UNTIL), "validUntil", tx);
        return tx.meta(Metadata.VALID_UNTIL);
    }

    private static void require(String value, String field, Transaction tx) {
        if (value == null || value.isBlank()) {
            throw new RecordRefused(tx.type() + " transaction " + tx.id() + " has no " + field);
        }
    }
}
