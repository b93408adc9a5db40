package health.datasafe.ledger.verify;

import health.datasafe.contracts.BlockHeader;
import health.datasafe.integrity.BundleVerifier;
import health.datasafe.integrity.ChainVerifier;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.CheckpointInvalid;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.LedgerInvalid;
import health.datasafe.integrity.LogFrontier;
import health.datasafe.integrity.MerkleNode;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.integrity.StoredBlock;
import health.datasafe.ledger.block.BlockRow;
import health.datasafe.ledger.merkle.MerkleNodeStore;
import health.datasafe.ledger.node.NodeKey;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Streams every block with its transaction rows, shard by shard in height order, through a {@link ChainVerifier}: tx
 * hashes are recomputed from the stored canonical JSON, then Merkle roots, block hashes, links and signatures, and each
 * shard's Merkle log from its leaves. One query in a read-only transaction, read with a cursor, so the ledger is never
 * loaded whole and is seen as of one instant while blocks keep being committed.
 *
 * <p>Checkpoints are checked twice. As the walk goes, each block's own checkpoint (signed right after it) must verify
 * with a trusted key and state the block's shard at exactly the size and root recomputed up to that block; this
 * catches an edited or swapped checkpoint anywhere in history, which proofs are served against. A checkpoint covers
 * every shard, but the walk only knows the shards it has seen so far, so the other entries are checked once, at the
 * end: the latest checkpoint must state every walked shard at its recomputed size and root
 * ({@link ChainVerifier#verifyCheckpoint}). Within the snapshot that checkpoint is the one committed with the latest
 * block, after which no shard grew, so every shard's size must match it. Last, the stored Merkle nodes each shard's
 * tip rests on (its frontier, what every later block and proof builds on) must hash to the recomputed root.
 */
@Component
class ChainAudit {

    private static final int FETCH_SIZE = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final NodeKey key;
    private final MerkleNodeStore nodes;

    ChainAudit(DataSource dataSource, PlatformTransactionManager transactionManager, NodeKey key, MerkleNodeStore nodes) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.key = key;
        this.nodes = nodes;
    }

    Verification verify() {
        var verifier = new ChainVerifier(key::signer);
        var assembler = new BlockAssembler(verifier, key.trustedKeys());
        try {
            return readOnly.execute(status -> {
                jdbc.query("""
                        SELECT b.shard, b.height, b.hash, b.previous_hash, b.merkle_root, b.tx_count, b.log_size,
                               b.block_timestamp, b.signer, b.signature, t.leaf_index, t.tx_hash, t.canonical_json,
                               CASE WHEN t.leaf_index IS NULL OR t.leaf_index = b.log_size - b.tx_count
                                    THEN c.note END AS note
                        FROM block b
                        LEFT JOIN ledger_tx t ON t.shard = b.shard AND t.height = b.height
                        LEFT JOIN checkpoint c ON c.shard = b.shard AND c.height = b.height
                        ORDER BY b.shard, b.height, t.leaf_index""", (ResultSetExtractor<Void>) assembler::all);
                verifyLatestCheckpoint(verifier, assembler);
                Verification.Invalid invalid = verifyStoredLogs(verifier, assembler.tips);
                return invalid != null ? invalid : new Verification.Valid(verifier.blocksVerified(),
                        verifier.transactionsVerified(), assembler.checkpoints);
            });
        } catch (LedgerInvalid failure) {
            return Verification.Invalid.of(failure);
        } catch (CheckpointNotVerified failure) {
            return Verification.Invalid.of(failure.shard(), failure.height(), failure.invalid());
        }
    }

    /** The latest checkpoint must state every walked shard at its recomputed size and root. */
    private void verifyLatestCheckpoint(ChainVerifier verifier, BlockAssembler assembler) {
        List<Map<String, Object>> latest = jdbc.queryForList(
                "SELECT shard, height, note FROM checkpoint ORDER BY id DESC LIMIT 1");
        if (latest.isEmpty()) {
            return;
        }
        int shard = ((Number) latest.getFirst().get("shard")).intValue();
        long height = ((Number) latest.getFirst().get("height")).longValue();
        Checkpoint checkpoint = assembler.verified((String) latest.getFirst().get("note"), shard, height);
        verifier.verifyCheckpoint(checkpoint);
        assembler.checkpoints++;
    }

    /** The stored frontier of each shard's log must hash to the root recomputed from its leaves. */
    private Verification.Invalid verifyStoredLogs(ChainVerifier verifier, Map<Integer, Long> tips) {
        var wanted = new HashMap<Integer, List<MerkleNode>>();
        tips.keySet().forEach(shard -> wanted.put(shard, LogFrontier.nodesOf(verifier.logSize(shard))));
        Map<Integer, Map<MerkleNode, byte[]>> stored = nodes.read(wanted);
        for (var tip : new TreeMap<>(tips).entrySet()) {
            int shard = tip.getKey();
            long size = verifier.logSize(shard);
            Map<MerkleNode, byte[]> found = stored.getOrDefault(shard, Map.of());
            String expected = verifier.logRoot(shard);
            String actual = found.size() == wanted.get(shard).size()
                    ? Hex.of(MerkleTree.root(size, found::get)) : "(nodes missing)";
            if (!expected.equals(actual)) {
                return new Verification.Invalid(false, shard, tip.getValue(), "StoredLogMismatch", expected, actual,
                        "the stored Merkle nodes of shard %d's log at size %d give root %s, its transactions give %s"
                                .formatted(shard, size, actual, expected));
            }
        }
        return null;
    }

    /** A block's checkpoint is malformed or not signed by a trusted key. */
    private static final class CheckpointNotVerified extends RuntimeException {

        private final int shard;
        private final long height;
        private final CheckpointInvalid invalid;

        CheckpointNotVerified(int shard, long height, CheckpointInvalid invalid) {
            super("the checkpoint after block %d of shard %d: %s".formatted(height, shard, invalid.getMessage()), invalid);
            this.shard = shard;
            this.height = height;
            this.invalid = invalid;
        }

        int shard() {
            return shard;
        }

        long height() {
            return height;
        }

        CheckpointInvalid invalid() {
            return invalid;
        }
    }

    /**
     * Gathers the rows of one block and hands the block to the verifier when the next one starts, and at the end; then
     * checks the block's own checkpoint against its shard's recomputed log.
     */
    private static final class BlockAssembler {

        private final ChainVerifier verifier;
        private final List<Ed25519.VerifyingKey> trusted;
        private final List<StoredBlock.StoredTransaction> transactions = new ArrayList<>();
        /** The latest height verified of every shard. */
        private final Map<Integer, Long> tips = new HashMap<>();
        private StoredBlock current;
        private String note;
        private long checkpoints;

        BlockAssembler(ChainVerifier verifier, List<Ed25519.VerifyingKey> trusted) {
            this.verifier = verifier;
            this.trusted = trusted;
        }

        Void all(ResultSet rs) throws SQLException {
            while (rs.next()) {
                row(rs);
            }
            flush();
            return null;
        }

        private void row(ResultSet rs) throws SQLException {
            int shard = rs.getInt("shard");
            long height = rs.getLong("height");
            if (current == null || current.header().shard() != shard || current.header().height() != height) {
                flush();
                var header = BlockRow.header(rs);
                current = new StoredBlock(header, Hex.of(rs.getBytes("hash")), rs.getString("signer"),
                        Base64.getEncoder().encodeToString(rs.getBytes("signature")), List.of());
            }
            byte[] txHash = rs.getBytes("tx_hash");
            if (txHash != null) {
                transactions.add(new StoredBlock.StoredTransaction(rs.getBytes("canonical_json"), Hex.of(txHash)));
            }
            String rowNote = rs.getString("note");
            if (rowNote != null) {
                note = rowNote;
            }
        }

        private void flush() {
            if (current == null) {
                return;
            }
            BlockHeader header = current.header();
            verifier.verify(new StoredBlock(header, current.blockHash(), current.signer(), current.signature(),
                    List.copyOf(transactions)));
            tips.put(header.shard(), header.height());
            if (note != null) {
                verifier.verifyCheckpoint(verified(note, header.shard(), header.height()), header.shard());
                checkpoints++;
            }
            current = null;
            note = null;
            transactions.clear();
        }

        Checkpoint verified(String note, int shard, long height) {
            try {
                return BundleVerifier.verifiedCheckpoint(note, trusted);
            } catch (CheckpointInvalid invalid) {
                throw new CheckpointNotVerified(shard, height, invalid);
            }
        }
    }
}
