package health.datasafe.transaction.initiator;

import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transactions this service submitted, in table {@code tx.transactions}. Status moves only from PENDING to
 * COMMITTED or REJECTED, once, so a redelivered outcome changes nothing.
 */
@Repository
class TransactionStore {

    private static final String COLUMNS =
            "id, type, patient_id, actor_id, status, reason, detail, shard, block_height, tx_hash, leaf_index, receipt";

    private static final RowMapper<TrackedTransaction> TRACKED = (rs, row) -> new TrackedTransaction(
            rs.getString("id"),
            TransactionType.valueOf(rs.getString("type")),
            rs.getString("patient_id"),
            rs.getString("actor_id"),
            TransactionStatus.valueOf(rs.getString("status")),
            rs.getString("reason"),
            rs.getString("detail"),
            rs.getObject("shard", Integer.class),
            rs.getObject("block_height", Long.class),
            rs.getString("tx_hash"),
            rs.getObject("leaf_index", Long.class),
            rs.getString("receipt"));

    /** A transaction stored but not yet published, with the exact message to publish. */
    record Unpublished(String id, String partitionKey, String message) {
    }

    private final JdbcClient jdbc;

    TransactionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new PENDING transaction; returns false if one with this id is already stored. */
    boolean insertPending(Transaction tx, String message, String hash) {
        return jdbc.sql("""
                        INSERT INTO transactions (id, type, patient_id, actor_id, status, signed_json, submitted_hash)
                        VALUES (:id, :type, :patientId, :actorId, 'PENDING', :message, :hash)
                        ON CONFLICT (id) DO NOTHING""")
                .param("id", tx.id())
                .param("type", tx.type().name())
                .param("patientId", tx.patientId())
                .param("actorId", tx.actorId())
                .param("message", message)
                .param("hash", hash)
                .update() == 1;
    }

    Optional<TrackedTransaction> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM transactions WHERE id = :id")
                .param("id", id)
                .query(TRACKED)
                .optional();
    }

    /** The transactions with these ids that this service submitted, in no particular order. */
    List<TrackedTransaction> findAll(Collection<String> ids) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM transactions WHERE id = ANY(:ids)")
                .param("ids", ids.toArray(String[]::new))
                .query(TRACKED)
                .list();
    }

    /** The hash of each transaction as this service signed it, by id, for those of these ids it submitted. */
    Map<String, String> submittedHashes(Collection<String> ids) {
        var hashes = new HashMap<String, String>();
        jdbc.sql("SELECT id, submitted_hash FROM transactions WHERE id = ANY(:ids)")
                .param("ids", ids.toArray(String[]::new))
                .query(rs -> {
                    hashes.put(rs.getString(1), rs.getString(2));
                });
        return hashes;
    }

    /** The message this service published (or is about to publish) for the transaction, if it submitted one with this id. */
    Optional<String> submittedMessage(String id) {
        return jdbc.sql("SELECT signed_json FROM transactions WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .optional();
    }

    /** Whether a transaction of this type for this actor is still waiting for its outcome. */
    boolean hasPending(TransactionType type, String actorId) {
        return jdbc.sql("SELECT count(*) FROM transactions WHERE type = :type AND actor_id = :actorId AND status = 'PENDING'")
                .param("type", type.name())
                .param("actorId", actorId)
                .query(Long.class)
                .single() > 0;
    }

    Optional<Unpublished> unpublished(String id) {
        return jdbc.sql("""
                        SELECT id, coalesce(patient_id, actor_id) AS partition_key, signed_json
                        FROM transactions WHERE id = :id AND published_at IS NULL""")
                .param("id", id)
                .query((rs, row) -> new Unpublished(rs.getString("id"), rs.getString("partition_key"), rs.getString("signed_json")))
                .optional();
    }

    /** PENDING transactions stored more than {@code seconds} ago and never published (the process stopped in between). */
    List<Unpublished> unpublishedOlderThan(long seconds) {
        return jdbc.sql("""
                        SELECT id, coalesce(patient_id, actor_id) AS partition_key, signed_json FROM transactions
                        WHERE published_at IS NULL AND status = 'PENDING' AND created_at < now() - make_interval(secs => :seconds)
                        ORDER BY created_at LIMIT 100""")
                .param("seconds", seconds)
                .query((rs, row) -> new Unpublished(rs.getString("id"), rs.getString("partition_key"), rs.getString("signed_json")))
                .list();
    }

    void markPublished(String id) {
        jdbc.sql("UPDATE transactions SET published_at = now() WHERE id = :id AND published_at IS NULL")
                .param("id", id)
                .update();
    }

    /** Forgets a transaction that could not be published (its vault row goes with it). */
    void delete(String id) {
        jdbc.sql("DELETE FROM transactions WHERE id = :id AND published_at IS NULL").param("id", id).update();
    }

    /** Where one transaction of a block was committed, and its receipt (JSON; null when the block carried no checkpoint). */
    record Commit(String id, int shard, long blockHeight, String txHash, long leafIndex, String receipt) {
    }

    /**
     * Marks the PENDING ones of these transactions committed, each with its receipt, in one statement (so whoever sees
     * one committed sees its receipt); returns how many changed. The others (not ours, or settled already) are left.
     */
    int markCommitted(List<Commit> commits) {
        if (commits.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        UPDATE transactions t SET status = 'COMMITTED', shard = c.shard, block_height = c.block_height,
                               tx_hash = c.tx_hash, leaf_index = c.leaf_index, receipt = c.receipt
                        FROM unnest(:ids::text[], :shards::int[], :heights::bigint[], :hashes::text[],
                                    :leaves::bigint[], :receipts::text[])
                             AS c (id, shard, block_height, tx_hash, leaf_index, receipt)
                        WHERE t.id = c.id AND t.status = 'PENDING'""")
                .param("ids", commits.stream().map(Commit::id).toArray(String[]::new))
                .param("shards", commits.stream().map(Commit::shard).toArray(Integer[]::new))
                .param("heights", commits.stream().map(Commit::blockHeight).toArray(Long[]::new))
                .param("hashes", commits.stream().map(Commit::txHash).toArray(String[]::new))
                .param("leaves", commits.stream().map(Commit::leafIndex).toArray(Long[]::new))
                .param("receipts", commits.stream().map(Commit::receipt).toArray(String[]::new))
                .update();
    }

    boolean markRejected(String id, String reason, String detail) {
        return jdbc.sql("UPDATE transactions SET status = 'REJECTED', reason = :reason, detail = :detail "
                        + "WHERE id = :id AND status = 'PENDING'")
                .param("id", id)
                .param("reason", reason)
                .param("detail", detail)
                .update() == 1;
    }
}
