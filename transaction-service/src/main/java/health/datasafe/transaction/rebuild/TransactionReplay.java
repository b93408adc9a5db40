package health.datasafe.transaction.rebuild;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.BlockSigned;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Transactions;
import health.datasafe.kit.kafka.BlockScreen;
import health.datasafe.kit.kafka.DecisionScreen;
import health.datasafe.kit.kafka.EventReader;
import health.datasafe.kit.kafka.RecordRefused;
import health.datasafe.kit.rebuild.Schemas;
import health.datasafe.kit.trust.Trust;
import health.datasafe.transaction.identity.Identities;
import health.datasafe.transaction.initiator.BlockLog;
import health.datasafe.transaction.initiator.BlockSignatures;
import health.datasafe.transaction.initiator.Initiator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replays the {@code transactions} and {@code identities} tables from the log, as the service's own listeners fill
 * them live, with one batch of statements per poll:
 * <ul>
 *     <li>{@code dsh.tx.submitted}: a {@link TransactionSubmitted} this service's {@link Initiator} signed becomes a
 *     PENDING row holding the exact published bytes and their tx hash; the first one of an id stands. Anything else
 *     (unreadable, unsigned, signed by another key, or altered after signing) is skipped and logged.</li>
 *     <li>{@code dsh.tx.rejected}: a PENDING row becomes REJECTED with the reason and detail, if the rejection passes
 *     {@link DecisionScreen#rejected} (signed by a trusted validator) and names the hash of the submitted transaction
 *     (a DUPLICATE rejection changes nothing, as live).</li>
 *     <li>{@code dsh.ledger.blocks}: a block that passes {@link BlockScreen#verified} and {@link BlockLog#of} commits
 *     our PENDING rows in it (position, tx hash and receipt) and registers the identities of its committed
 *     IDENTITY_REGISTERED ({@link Identities#registeredRole}); a block holding a transaction of ours with another hash
 *     than the one submitted is skipped whole, as the live listener dead-letters it. Each copy of a block is its
 *     node's signature of the block hash, stored as below.</li>
 *     <li>{@code dsh.ledger.signatures}: a node's signature of a block hash that passes {@link BlockScreen#signed} is
 *     stored ({@link BlockSignatures}): a committed transaction is final once a quorum signed its block.</li>
 * </ul>
 * A row's {@code created_at} is the transaction's {@code submittedAt}, {@code published_at} and an identity's
 * {@code registered_at} the Kafka timestamp of the record: the live ones are the database's clock at about that time.
 *
 * <p>A transaction stored but never published ({@code published_at} null: the outbox) is on no topic; such rows exist
 * only in the live schema and are carried over from it ({@link #carryOverUnpublished}).
 */
@Component
class TransactionReplay {

    private static final Logger log = LoggerFactory.getLogger(TransactionReplay.class);
    private static final List<String> COLUMNS = List.of("id", "type", "patient_id", "actor_id", "status", "reason",
            "detail", "shard", "block_height", "tx_hash", "leaf_index", "created_at", "signed_json", "submitted_hash",
            "published_at", "receipt");

    private final EventReader events;
    private final DecisionScreen decisions;
    private final BlockScreen blocks;
    private final Initiator initiator;
    private final List<Ed25519.VerifyingKey> ledgerKeys;
    private final Trust trust;
    private final JdbcTemplate live;

    TransactionReplay(EventReader events, DecisionScreen decisions, BlockScreen blocks, Initiator initiator, Trust trust,
                      JdbcTemplate live) {
        this.events = events;
        this.decisions = decisions;
        this.blocks = blocks;
        this.initiator = initiator;
        this.ledgerKeys = trust.ledger().keys();
        this.trust = trust;
        this.live = live;
    }

    /**
     * Makes the target's never-published rows those of the live schema: drops those the live schema no longer holds
     * unpublished (deleted after a failed send, or published since), copies the others. Answers whether the live
     * schema could be read.
     */
    boolean carryOverUnpublished(JdbcTemplate target) {
        String liveSchema = liveSchema().orElse(null);
        if (liveSchema == null) {
            log.warn("The live schema cannot be read: no unpublished transactions to carry over");
            return false;
        }
        String liveTable = Schemas.quoted(liveSchema) + ".transactions";
        target.update("""
                DELETE FROM transactions t WHERE t.published_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM %s l WHERE l.id = t.id AND l.published_at IS NULL)"""
                .formatted(liveTable));
        String columns = String.join(", ", COLUMNS);
        int copied = target.update("""
                INSERT INTO transactions (%s) SELECT %s FROM %s WHERE published_at IS NULL
                ON CONFLICT (id) DO NOTHING""".formatted(columns, columns, liveTable));
        log.info("Carried over {} unpublished transaction(s) of {}", copied, liveSchema);
        return true;
    }

    /** The live schema, if its transaction table can be read. */
    Optional<String> liveSchema() {
        String schema = live.queryForObject("SELECT current_schema()", String.class);
        if (schema == null || live.queryForObject("SELECT to_regclass(?)", String.class,
                Schemas.quoted(schema) + ".transactions") == null) {
            return Optional.empty();
        }
        return Optional.of(schema);
    }

    long onSubmitted(JdbcTemplate target, List<ConsumerRecord<String, byte[]>> records) {
        var rows = new ArrayList<Object[]>();
        long refused = 0;
        for (var record : records) {
            try {
                Transaction tx = submitted(record);
                Instant createdAt = tx.submittedAt() != null ? tx.submittedAt()
                        : Instant.ofEpochMilli(record.timestamp());
                rows.add(new Object[]{tx.id(), tx.type().name(), tx.patientId(), tx.actorId(),
                        Timestamp.from(createdAt), new String(record.value(), StandardCharsets.UTF_8),
                        Transactions.hash(tx), new Timestamp(record.timestamp())});
            } catch (RecordRefused skipped) {
                log.warn("Skipping submission {}: {}", LogReplay.where(record), skipped.reason());
                refused++;
            }
        }
        target.batchUpdate("""
                INSERT INTO transactions (id, type, patient_id, actor_id, status, created_at, signed_json,
                                          submitted_hash, published_at)
                VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET published_at = EXCLUDED.published_at
                WHERE transactions.published_at IS NULL AND transactions.submitted_hash = EXCLUDED.submitted_hash""",
                rows);
        return refused;
    }

    /** The transaction of a submission this initiator signed, or {@link RecordRefused}. */
    private Transaction submitted(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new RecordRefused("no value");
        }
        Transaction tx = events.read(record.value(), TransactionSubmitted.class).transaction();
        if (tx == null || tx.id() == null || tx.type() == null || tx.actorId() == null) {
            throw new RecordRefused("a submission without its transaction, id, type or actor");
        }
        if (!initiator.signed(tx)) {
            throw new RecordRefused("transaction " + tx.id() + " carries no valid signature of this initiator (it"
                    + " names key " + tx.initiator() + ")");
        }
        return tx;
    }

    long onRejected(JdbcTemplate target, List<ConsumerRecord<String, byte[]>> records) {
        var rejections = new ArrayList<Object[]>();
        long refused = 0;
        for (var record : records) {
            try {
                if (record.value() == null) {
                    throw new RecordRefused("no value");
                }
                TransactionRejected rejected = decisions.rejected(record.value());
                if (rejected.reason() != RejectionReason.DUPLICATE) {
                    rejections.add(new Object[]{rejected.reason().name(), rejected.detail(),
                            rejected.transaction().id(), rejected.txHash()});
                }
            } catch (RecordRefused skipped) {
                log.warn("Skipping rejection {}: {}", LogReplay.where(record), skipped.reason());
                refused++;
            }
        }
        target.batchUpdate("""
                UPDATE transactions SET status = 'REJECTED', reason = ?, detail = ?
                WHERE id = ? AND status = 'PENDING' AND submitted_hash = ?""", rejections);
        return refused;
    }

    /** A block that passed the screen, with its log (empty without frontier and checkpoint). */
    private record Screened(BlockCommitted block, Optional<BlockLog> log, long announcedAt) {
    }

    long onBlocks(JdbcTemplate target, List<ConsumerRecord<String, byte[]>> records) {
        var screened = new ArrayList<Screened>();
        long refused = 0;
        for (var record : records) {
            if (record.value() == null) {
                continue;
            }
            try {
                BlockCommitted block = blocks.verified(record.value());
                screened.add(new Screened(block, BlockLog.of(block, ledgerKeys), record.timestamp()));
            } catch (RecordRefused skipped) {
                log.warn("Skipping block {}: {}", LogReplay.where(record), skipped.reason());
                refused++;
            }
        }
        Map<String, String> submittedHashes = submittedHashes(target, screened);
        var commits = new ArrayList<Object[]>();
        var registrations = new ArrayList<Object[]>();
        for (Screened one : screened) {
            var header = one.block().header();
            List<CommittedTransaction> ours = one.block().transactions().stream()
                    .filter(committed -> submittedHashes.containsKey(committed.transaction().id())).toList();
            Optional<CommittedTransaction> altered = ours.stream()
                    .filter(committed -> !submittedHashes.get(committed.transaction().id()).equals(committed.txHash()))
                    .findFirst();
            if (altered.isPresent()) {
                log.warn("Skipping block {}/{}: transaction {} differs from the one this initiator submitted",
                        header.shard(), header.height(), altered.get().transaction().id());
                refused++;
                continue;
            }
            for (CommittedTransaction committed : ours) {
                String receipt = one.log().map(blockLog -> new String(blockLog.receiptOf(committed).toJson(),
                        StandardCharsets.UTF_8)).orElse(null);
                commits.add(new Object[]{header.shard(), header.height(), one.block().blockHash(), committed.txHash(),
                        committed.leafIndex(), receipt, committed.transaction().id()});
            }
            for (CommittedTransaction committed : one.block().transactions()) {
                Transaction tx = committed.transaction();
                Identities.registeredRole(tx).ifPresent(role -> registrations.add(new Object[]{tx.actorId(),
                        role.name(), tx.id(), new Timestamp(one.announcedAt())}));
            }
        }
        target.batchUpdate("""
                UPDATE transactions SET status = 'COMMITTED', shard = ?, block_height = ?, block_hash = ?, tx_hash = ?,
                                        leaf_index = ?, receipt = ?
                WHERE id = ? AND status = 'PENDING'""", commits);
        BlockSignatures.record(target, screened.stream()
                .map(one -> BlockSigned.of(one.block(), one.block().signer())).toList(), trust.ledgerQuorum("transaction-service"));
        target.batchUpdate("""
                INSERT INTO identities (actor_id, role, status, registered_by_tx, registered_at)
                VALUES (?, ?, 'REGISTERED', ?, ?) ON CONFLICT (actor_id) DO NOTHING""", registrations);
        return refused;
    }

    /** The ledger nodes' signatures of block hashes ({@link BlockScreen#signed}), stored as live. */
    long onSignatures(JdbcTemplate target, List<ConsumerRecord<String, byte[]>> records) {
        var signatures = new ArrayList<BlockSigned>();
        long refused = 0;
        for (var record : records) {
            if (record.value() == null) {
                continue;
            }
            try {
                signatures.add(blocks.signed(record.value()));
            } catch (RecordRefused skipped) {
                log.warn("Skipping block signature {}: {}", LogReplay.where(record), skipped.reason());
                refused++;
            }
        }
        BlockSignatures.record(target, signatures, trust.ledgerQuorum("transaction-service"));
        return refused;
    }

    /** The submitted hash of each transaction of the blocks that the target holds as this service's own. */
    private static Map<String, String> submittedHashes(JdbcTemplate target, List<Screened> screened) {
        Set<String> ids = new LinkedHashSet<>();
        screened.forEach(one -> one.block().transactions().forEach(c -> ids.add(c.transaction().id())));
        var hashes = new HashMap<String, String>();
        if (ids.isEmpty()) {
            return hashes;
        }
        target.query("SELECT id, submitted_hash FROM transactions WHERE id = ANY(?)",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("text", ids.toArray())),
                row -> {
                    hashes.put(row.getString("id"), row.getString("submitted_hash"));
                });
        return hashes;
    }
}
