package health.datasafe.ledger.query;

import health.datasafe.integrity.Hex;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Reads committed blocks and transactions of schema {@code ledger}; hashes leave as lowercase hex. */
@Repository
class LedgerReader {

    private final JdbcClient jdbc;

    LedgerReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The latest block of a shard. */
    record ShardHead(int shard, long height, String blockHash, long logSize) {
    }

    /** A block as served: its header fields, hash, signer and signature, and its tx hashes in order. */
    record BlockView(int shard, long height, String previousHash, String merkleRoot, int txCount, long logSize,
                     Instant timestamp, String blockHash, String signer, String signature,
                     List<String> txHashes) {

        BlockView withTxHashes(List<String> hashes) {
            return new BlockView(shard, height, previousHash, merkleRoot, txCount, logSize, timestamp, blockHash, signer,
                    signature, List.copyOf(hashes));
        }
    }

    /** Where a transaction was committed, and who it belongs to (not served, used for access decisions). */
    record TransactionPlace(String txId, String txHash, int shard, long height, long leafIndex, String patientId) {
    }

    List<ShardHead> heads() {
        return jdbc.sql("SELECT DISTINCT ON (shard) shard, height, hash, log_size FROM block ORDER BY shard, height DESC")
                .query((rs, row) -> new ShardHead(rs.getInt("shard"), rs.getLong("height"), Hex.of(rs.getBytes("hash")),
                        rs.getLong("log_size")))
                .list();
    }

    Optional<BlockView> block(int shard, long height) {
        return jdbc.sql("""
                        SELECT shard, height, previous_hash, merkle_root, tx_count, log_size, block_timestamp, hash, signer,
                               signature
                        FROM block WHERE shard = :shard AND height = :height""")
                .param("shard", shard)
                .param("height", height)
                .query((rs, row) -> new BlockView(rs.getInt("shard"), rs.getLong("height"),
                        Hex.of(rs.getBytes("previous_hash")), Hex.of(rs.getBytes("merkle_root")), rs.getInt("tx_count"),
                        rs.getLong("log_size"), rs.getObject("block_timestamp", OffsetDateTime.class).toInstant(),
                        Hex.of(rs.getBytes("hash")), rs.getString("signer"),
                        Base64.getEncoder().encodeToString(rs.getBytes("signature")), List.of()))
                .optional()
                .map(block -> block.withTxHashes(txHashes(shard, height)));
    }

    private List<String> txHashes(int shard, long height) {
        return jdbc.sql("SELECT tx_hash FROM ledger_tx WHERE shard = :shard AND height = :height ORDER BY leaf_index")
                .param("shard", shard)
                .param("height", height)
                .query((rs, row) -> Hex.of(rs.getBytes("tx_hash")))
                .list();
    }

    Optional<TransactionPlace> transaction(String txId) {
        return jdbc.sql("SELECT tx_id, tx_hash, shard, height, leaf_index, patient_id FROM ledger_tx WHERE tx_id = :txId")
                .param("txId", txId)
                .query((rs, row) -> new TransactionPlace(rs.getString("tx_id"), Hex.of(rs.getBytes("tx_hash")),
                        rs.getInt("shard"), rs.getLong("height"), rs.getLong("leaf_index"), rs.getString("patient_id")))
                .optional();
    }
}
