package health.datasafe.transaction.initiator;

import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionType;
import health.datasafe.integrity.Quorum;
import health.datasafe.kit.trust.Trust;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transactions this service submitted, in table {@code tx.transactions}. Status moves only from PENDING to
 * COMMITTED or REJECTED, once, so a redelivered outcome changes nothing. A committed one is read with the signers of
 * its block's hash ({@code block_signatures}): final once they make the ledger's quorum, and its receipt's checkpoint
 * carries each of their signatures of it.
 */
@Repository
class TransactionStore {

    /** A transaction with the signers of the block hash it was committed in, and their checkpoint notes. */
    private static final String SELECT_TRACKED = """
            SELECT t.id, t.type, t.patient_id, t.actor_id, t.status, t.reason, t.detail, t.shard, t.block_height,
                   t.tx_hash, t.leaf_index, t.receipt, t.block_hash, s.signers, s.notes
            FROM transactions t
            LEFT JOIN LATERAL (SELECT array_agg(b.signer ORDER BY b.node) AS signers,
                                      array_agg(b.checkpoint ORDER BY b.node) AS notes
                               FROM block_signatures b
                               WHERE b.shard = t.shard AND b.height = t.block_height AND b.block_hash = t.block_hash
                              ) s ON t.status = 'COMMITTED'
            """;

    private final JdbcClient jdbc;
    private final Quorum quorum;

    /** A row of {@link #SELECT_TRACKED}. */
    private TrackedTransaction tracked(ResultSet rs, int row) throws SQLException {
        var status = TransactionStatus.valueOf(rs.getString("status"));
        String receipt = rs.getString("receipt");
        TrackedTransaction.Finality finality = null;
        if (status == TransactionStatus.COMMITTED) {
            List<String> signers = strings(rs.getArray("signers"));
            finality = new TrackedTransaction.Finality(quorum.reachedBy(signers),
                    signers.stream().filter(quorum::counts).map(quorum::nameOf).toList(), quorum.required());
            receipt = Cosigned.receipt(receipt, strings(rs.getArray("notes")));
        }
        return new TrackedTransaction(
                rs.getString("id"),
                TransactionType.valueOf(rs.getString("type")),
                rs.getString("patient_id"),
                rs.getString("actor_id"),
                status,
                rs.getString("reason"),
                rs.getString("detail"),
                rs.getObject("shard", Integer.class),
                rs.getObject("block_height", Long.class),
                rs.getString("tx_hash"),
                rs.getObject("leaf_index", Long.class),
                receipt,
                rs.getString("block_hash"),
                finality);
    }

    /** A transaction stored but not yet published, with the exact message to publish. */
    record Unpublished(String id, String partitionKey, String message) {
    }

    /** @throws IllegalStateException naming the settings, when no ledger key is trusted: the service does not start */
    TransactionStore(JdbcClient jdbc, Trust trust) {
        this.jdbc = jdbc;
        this.quorum = trust.ledgerQuorum("transaction-service");
    }

    /** Whose signatures make a block final. */
    Quorum quorum() {
        return quorum;
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        var values = new ArrayList<String>();
        for (Object value : (Object[]) array.getArray()) {
            values.add((String) value);
        }
        return values;
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
        return jdbc.sql(SELECT_TRACKED + " WHERE t.id = :id")
                .param("id", id)
                .query(this::tracked)
                .optional();
    }

    /** The transactions with these ids that this service submitted, in no particular order. */
    List<TrackedTransaction> findAll(Collection<String> ids) {
        return jdbc.sql(SELECT_TRACKED + " WHERE t.id = ANY(:ids)")
                .param("ids", ids.toArray(String[]::new))
                .query(this::tracked)
                .list();
    }

    /** A block's place in the ledger. */
    record BlockPlace(int shard, long height) {
    }

    /** This service's transactions committed in these blocks, in one query. */
    List<TrackedTransaction> committedIn(Collection<BlockPlace> blocks) {
        if (blocks.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT_TRACKED + " WHERE t.status = 'COMMITTED' AND (t.shard, t.block_height) IN"
                        + " (SELECT * FROM unnest(CAST(:shards AS integer[]), CAST(:heights AS bigint[])))")
                .param("shards", blocks.stream().map(BlockPlace::shard).toArray(Integer[]::new))
                .param("heights", blocks.stream().map(BlockPlace::height).toArray(Long[]::new))
                .query(this::tracked)
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
    record Commit(String id, int shard, long blockHeight, String blockHash, String txHash, long leafIndex,
                  String receipt) {
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
                               block_hash = c.block_hash, tx_hash = c.tx_hash, leaf_index = c.leaf_index,
                               receipt = c.receipt
                        FROM unnest(:ids::text[], :shards::int[], :heights::bigint[], :blocks::text[], :hashes::text[],
                                    :leaves::bigint[], :receipts::text[])
                             AS c (id, shard, block_height, block_hash, tx_hash, leaf_index, receipt)
                        WHERE t.id = c.id AND t.status = 'PENDING'""")
                .param("ids", commits.stream().map(Commit::id).toArray(String[]::new))
                .param("shards", commits.stream().map(Commit::shard).toArray(Integer[]::new))
                .param("heights", commits.stream().map(Commit::blockHeight).toArray(Long[]::new))
                .param("blocks", commits.stream().map(Commit::blockHash).toArray(String[]::new))
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
