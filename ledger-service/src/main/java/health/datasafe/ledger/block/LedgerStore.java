package health.datasafe.ledger.block;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.Hex;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The committer's side of schema {@code ledger}: chain tips, consumed offsets, and the one database transaction per
 * block that stores the block, its transactions and the offset to resume from.
 */
@Repository
class LedgerStore {

    private static final String UPSERT_OFFSET = """
            INSERT INTO consumed_offset (topic, kafka_partition, next_offset) VALUES (?, ?, ?)
            ON CONFLICT (topic, kafka_partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    LedgerStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** The latest block of every shard that has one. */
    Map<Integer, ChainTip> tips() {
        var tips = new HashMap<Integer, ChainTip>();
        jdbc.query("SELECT DISTINCT ON (shard) shard, height, hash, log_size FROM block ORDER BY shard, height DESC",
                (ResultSet rs) -> {
                    var tip = new ChainTip(rs.getInt("shard"), rs.getLong("height"), Hex.of(rs.getBytes("hash")),
                            rs.getLong("log_size"));
                    tips.put(tip.shard(), tip);
                });
        return tips;
    }

    /** The next offset to read, by partition, of the partitions of {@code topic} consumed before. */
    Map<Integer, Long> offsets(String topic) {
        var offsets = new HashMap<Integer, Long>();
        jdbc.query("SELECT kafka_partition, next_offset FROM consumed_offset WHERE topic = ?",
                (ResultSet rs) -> {
                    offsets.put(rs.getInt("kafka_partition"), rs.getLong("next_offset"));
                }, topic);
        return offsets;
    }

    /** Which of these transaction ids are committed already. */
    Set<String> committed(Collection<String> txIds) {
        if (txIds.isEmpty()) {
            return Set.of();
        }
        var found = new HashSet<String>();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("SELECT tx_id FROM ledger_tx WHERE tx_id = ANY (?)");
            statement.setArray(1, connection.createArrayOf("text", txIds.toArray()));
            return statement;
        }, (ResultSet rs) -> {
            found.add(rs.getString(1));
        });
        return found;
    }

    /** Stores the block, its transactions and the offset the shard's partition resumes from, all or nothing. */
    void commit(SealedBlock block, String topic, long nextOffset) {
        BlockCommitted event = block.event();
        BlockHeader header = event.header();
        transactions.executeWithoutResult(status -> {
            jdbc.update("""
                            INSERT INTO block (shard, height, hash, previous_height, previous_hash, merkle_root, tx_count,
                                               log_size, block_timestamp, signer, signature)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    header.shard(), header.height(), Hex.parseHash(event.blockHash()),
                    header.height() == 0 ? null : header.height() - 1, Hex.parseHash(header.previousHash()),
                    Hex.parseHash(header.merkleRoot()), header.txCount(), header.logSize(),
                    OffsetDateTime.ofInstant(header.timestamp(), ZoneOffset.UTC), event.signer(),
                    Base64.getDecoder().decode(event.signature()));
            var rows = new ArrayList<Object[]>(event.transactions().size());
            for (int i = 0; i < event.transactions().size(); i++) {
                CommittedTransaction committed = event.transactions().get(i);
                Transaction tx = committed.transaction();
                rows.add(new Object[] {tx.id(), header.shard(), header.height(), committed.leafIndex(),
                        Hex.parseHash(committed.txHash()), block.canonicalJson().get(i), tx.patientId()});
            }
            jdbc.batchUpdate("""
                    INSERT INTO ledger_tx (tx_id, shard, height, leaf_index, tx_hash, canonical_json, patient_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""", rows);
            jdbc.update(UPSERT_OFFSET, topic, header.shard(), nextOffset);
        });
    }

    /** Stores the offsets partitions resume from when records were read but no block was due (refused, duplicates). */
    void storeOffsets(String topic, Map<Integer, Long> nextOffsets) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        var rows = nextOffsets.entrySet().stream()
                .map(entry -> new Object[] {topic, entry.getKey(), entry.getValue()})
                .toList();
        transactions.executeWithoutResult(status -> jdbc.batchUpdate(UPSERT_OFFSET, rows));
    }

    void markPublished(Collection<BlockHeader> headers) {
        if (headers.isEmpty()) {
            return;
        }
        var rows = headers.stream().map(header -> new Object[] {header.shard(), header.height()}).toList();
        jdbc.batchUpdate("UPDATE block SET published = TRUE WHERE shard = ? AND height = ?", rows);
    }

    /** Up to {@code limit} committed blocks whose BlockCommitted is not yet known to be published, oldest first. */
    List<BlockCommitted> unpublished(int limit) {
        List<BlockCommitted> headers = jdbc.query("""
                        SELECT shard, height, hash, previous_hash, merkle_root, tx_count, log_size, block_timestamp, signer,
                               signature
                        FROM block WHERE NOT published ORDER BY shard, height LIMIT ?""",
                (rs, row) -> blockWithoutTransactions(rs), limit);
        var blocks = new ArrayList<BlockCommitted>(headers.size());
        for (BlockCommitted block : headers) {
            List<CommittedTransaction> committed = jdbc.query("""
                            SELECT leaf_index, tx_hash, canonical_json FROM ledger_tx
                            WHERE shard = ? AND height = ? ORDER BY leaf_index""",
                    (rs, row) -> new CommittedTransaction(
                            CanonicalJson.read(rs.getBytes("canonical_json"), Transaction.class),
                            Hex.of(rs.getBytes("tx_hash")), rs.getLong("leaf_index")),
                    block.header().shard(), block.header().height());
            blocks.add(new BlockCommitted(block.header(), block.blockHash(), block.signer(), block.signature(), committed));
        }
        return blocks;
    }

    private static BlockCommitted blockWithoutTransactions(ResultSet rs) throws SQLException {
        var header = new BlockHeader(rs.getInt("shard"), rs.getLong("height"), Hex.of(rs.getBytes("previous_hash")),
                Hex.of(rs.getBytes("merkle_root")), rs.getInt("tx_count"), rs.getLong("log_size"),
                rs.getObject("block_timestamp", OffsetDateTime.class).toInstant());
        return new BlockCommitted(header, Hex.of(rs.getBytes("hash")), rs.getString("signer"),
                Base64.getEncoder().encodeToString(rs.getBytes("signature")), List.of());
    }
}
