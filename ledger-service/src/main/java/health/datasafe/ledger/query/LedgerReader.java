package health.datasafe.ledger.query;

import health.datasafe.integrity.Hex;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
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
        return blocks(shard, height, 1).stream().findFirst();
    }

    /**
     * The shard's blocks of heights {@code from} to {@code from + count - 1} that are committed, in height order, each
     * with its tx hashes: two queries, whatever the count.
     */
    List<BlockView> blocks(int shard, long from, int count) {
        long to = from > Long.MAX_VALUE - count ? Long.MAX_VALUE : from + count;
        var txHashes = new HashMap<Long, List<String>>();
        jdbc.sql("""
                        SELECT height, tx_hash FROM ledger_tx WHERE shard = :shard AND height >= :from AND height < :to
                        ORDER BY height, leaf_index""")
                .param("shard", shard)
                .param("from", from)
                .param("to", to)
                .query(rs -> {
                    txHashes.computeIfAbsent(rs.getLong(1), height -> new ArrayList<>()).add(Hex.of(rs.getBytes(2)));
                });
        return jdbc.sql("""
                        SELECT shard, height, previous_hash, merkle_root, tx_count, log_size, block_timestamp, hash, signer,
                               signature
                        FROM block WHERE shard = :shard AND height >= :from AND height < :to ORDER BY height""")
                .param("shard", shard)
                .param("from", from)
                .param("to", to)
                .query((rs, row) -> new BlockView(rs.getInt("shard"), rs.getLong("height"),
                        Hex.of(rs.getBytes("previous_hash")), Hex.of(rs.getBytes("merkle_root")), rs.getInt("tx_count"),
                        rs.getLong("log_size"), rs.getObject("block_timestamp", OffsetDateTime.class).toInstant(),
                        Hex.of(rs.getBytes("hash")), rs.getString("signer"),
                        Base64.getEncoder().encodeToString(rs.getBytes("signature")),
                        List.copyOf(txHashes.getOrDefault(rs.getLong("height"), List.of()))))
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
