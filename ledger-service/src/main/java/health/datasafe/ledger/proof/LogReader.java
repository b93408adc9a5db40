package health.datasafe.ledger.proof;

import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.SignedNote;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;

/** Reads checkpoints, shard tips and where a tx hash sits in its shard's log, from schema {@code ledger}. */
@Repository
class LogReader {

    private final JdbcClient jdbc;

    LogReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Where a committed transaction is, and whose it is (not served, used for access decisions). */
    record LeafPlace(String txId, String txHash, int shard, long height, long leafIndex, String patientId) {
    }

    /** A shard's latest block. */
    record ShardTip(int shard, long height, long logSize) {
    }

    /**
     * The latest checkpoint this node signed (after its latest block), with the signatures of the other ledger nodes
     * that signed the same text.
     */
    Optional<String> latestCheckpoint() {
        return jdbc.sql("SELECT shard, height, note FROM checkpoint ORDER BY id DESC LIMIT 1")
                .query((rs, row) -> cosignedByPeers(rs.getString(3), rs.getInt(1), rs.getLong(2))).optional();
    }

    /**
     * The note with the checkpoint signatures of the same text that the other nodes of the genesis sent with their
     * signature of block {@code height} of {@code shard} ({@code peer_signature}): a checkpoint a quorum vouches for.
     */
    private String cosignedByPeers(String note, int shard, long height) {
        List<String> peers = jdbc.sql("""
                        SELECT checkpoint FROM peer_signature
                        WHERE shard = :shard AND height = :height AND checkpoint IS NOT NULL ORDER BY node""")
                .param("shard", shard).param("height", height).query(String.class).list();
        return SignedNote.mergeSameText(note, peers);
    }

    /**
     * The checkpoint of the epoch of block {@code height} of {@code shard}, stored with that block, with the other
     * nodes' signatures of it.
     */
    Optional<String> checkpointAfter(int shard, long height) {
        return jdbc.sql("SELECT note FROM checkpoint WHERE shard = :shard AND height = :height")
                .param("shard", shard)
                .param("height", height)
                .query(String.class)
                .optional()
                .map(note -> cosignedByPeers(note, shard, height));
    }

    /**
     * The checkpoint in which the shard's log has exactly this size: the one after its block of that log size, with the
     * other nodes' signatures of it.
     */
    Optional<String> checkpointAtSize(int shard, long logSize) {
        return jdbc.sql("""
                        SELECT c.shard, c.height, c.note FROM block b
                        JOIN checkpoint c ON c.shard = b.shard AND c.height = b.height
                        WHERE b.shard = :shard AND b.log_size = :logSize""")
                .param("shard", shard)
                .param("logSize", logSize)
                .query((rs, row) -> cosignedByPeers(rs.getString(3), rs.getInt(1), rs.getLong(2)))
                .optional();
    }

    Optional<LeafPlace> leaf(String txHash) {
        return jdbc.sql("SELECT tx_id, shard, height, leaf_index, patient_id FROM ledger_tx WHERE tx_hash = :txHash")
                .param("txHash", Hex.parseHash(txHash))
                .query((rs, row) -> new LeafPlace(rs.getString("tx_id"), txHash, rs.getInt("shard"),
                        rs.getLong("height"), rs.getLong("leaf_index"), rs.getString("patient_id")))
                .optional();
    }

    Optional<ShardTip> tip(int shard) {
        return jdbc.sql("SELECT height, log_size FROM block WHERE shard = :shard ORDER BY height DESC LIMIT 1")
                .param("shard", shard)
                .query((rs, row) -> new ShardTip(shard, rs.getLong("height"), rs.getLong("log_size")))
                .optional();
    }

    /** How many shards the ledger has: as many as its latest checkpoint covers, or as its blocks show before any. */
    int shardCount() {
        return latestCheckpoint().map(note -> Checkpoint.parse(note).shards().size())
                .orElseGet(() -> jdbc.sql("SELECT coalesce(max(shard) + 1, 0) FROM block").query(Integer.class).single());
    }
}
