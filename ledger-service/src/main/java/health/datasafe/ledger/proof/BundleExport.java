package health.datasafe.ledger.proof;

import health.datasafe.integrity.Bundle;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.LogFrontier;
import health.datasafe.integrity.MerkleNode;
import health.datasafe.ledger.block.BlockRow;
import health.datasafe.ledger.merkle.MerkleNodeStore;
import health.datasafe.ledger.node.NodeKey;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Exports a range of one shard's blocks as a {@link Bundle} ({@value Bundle#FORMAT}): the frontier of the shard's log
 * before the first block (from the stored nodes), every block with its transactions' stored canonical JSON, the
 * checkpoint of the last block's epoch, and this node's keys. The JSON is written as the rows are read, with a
 * cursor, so an export of many blocks never sits in memory whole.
 */
@Component
class BundleExport {

    private static final int FETCH_SIZE = 1000;

    private final LogReader reader;
    private final MerkleNodeStore nodes;
    private final NodeKey key;
    private final ExportSettings settings;
    private final JsonMapper json;
    private final JdbcTemplate cursor;
    private final TransactionTemplate readOnly;

    BundleExport(LogReader reader, MerkleNodeStore nodes, NodeKey key, ExportSettings settings, JsonMapper json,
                 DataSource dataSource, PlatformTransactionManager transactionManager) {
        this.reader = reader;
        this.nodes = nodes;
        this.key = key;
        this.settings = settings;
        this.json = json;
        this.cursor = new JdbcTemplate(dataSource);
        this.cursor.setFetchSize(FETCH_SIZE);
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    /** What an export will hold, checked before a byte of it is written. */
    record Plan(int shard, long fromHeight, long toHeight, String origin, List<String> logFrontier, String checkpoint,
                List<Bundle.Key> keys) {

        String filename() {
            return "dsh-shard-%d-%d-%d.json".formatted(shard, fromHeight, toHeight);
        }
    }

    /**
     * Checks the range (by default from height 0 to the shard's latest block) and reads the frontier before it and the
     * checkpoint after it.
     */
    Plan plan(int shard, Long from, Long to) {
        int shards = reader.shardCount();
        if (shard < 0 || shard >= shards) {
            throw new ShardUnknown(shard, shards);
        }
        long tipHeight = reader.tip(shard).map(LogReader.ShardTip::height).orElse(-1L);
        long fromHeight = from == null ? 0 : from;
        long toHeight = to == null ? tipHeight : to;
        if (tipHeight >= 0 && (fromHeight < 0 || fromHeight > toHeight)) {
            throw new BlockRangeOutOfRange(shard, fromHeight, toHeight, tipHeight);
        }
        if (toHeight - fromHeight + 1 > settings.maxBlocks()) {
            throw new ExportTooLarge(shard, fromHeight, toHeight, settings.maxBlocks());
        }
        if (tipHeight < 0 || toHeight > tipHeight) {
            throw new BlockRangeOutOfRange(shard, fromHeight, toHeight, tipHeight);
        }
        String checkpoint = reader.checkpointAfter(shard, toHeight)
                .orElseThrow(() -> new CheckpointNotFound(shard, toHeight));
        long firstLeaf = cursor.queryForObject("SELECT log_size - tx_count FROM block WHERE shard = ? AND height = ?",
                Long.class, shard, fromHeight);
        List<MerkleNode> frontierNodes = LogFrontier.nodesOf(firstLeaf);
        MerkleNode.Source stored = MerkleNodeStore.source(shard, nodes.read(shard, frontierNodes));
        List<String> frontier = frontierNodes.stream().map(node -> Hex.of(stored.hash(node))).toList();
        List<Bundle.Key> keys = key.trustedKeys().stream()
                .map(verifying -> new Bundle.Key(verifying.keyId(), verifying.toX509()))
                .toList();
        return new Plan(shard, fromHeight, toHeight, Checkpoint.parse(checkpoint).origin(), frontier, checkpoint, keys);
    }

    /** Writes the bundle as JSON, reading its blocks in one read-only transaction. */
    void write(Plan plan, OutputStream out) {
        try (JsonGenerator generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringProperty("format", Bundle.FORMAT);
            generator.writeStringProperty("origin", plan.origin());
            generator.writeNumberProperty("shard", plan.shard());
            generator.writeNumberProperty("fromHeight", plan.fromHeight());
            generator.writeNumberProperty("toHeight", plan.toHeight());
            generator.writeArrayPropertyStart("logFrontier");
            for (String hash : plan.logFrontier()) {
                generator.writeString(hash);
            }
            generator.writeEndArray();
            generator.writeArrayPropertyStart("blocks");
            var blocks = new BlockWriter(generator);
            readOnly.executeWithoutResult(status -> cursor.query("""
                            SELECT b.shard, b.height, b.hash, b.previous_hash, b.merkle_root, b.tx_count, b.log_size,
                                   b.block_timestamp, b.signer, b.signature, t.leaf_index, t.tx_hash, t.canonical_json
                            FROM block b LEFT JOIN ledger_tx t ON t.shard = b.shard AND t.height = b.height
                            WHERE b.shard = ? AND b.height BETWEEN ? AND ?
                            ORDER BY b.height, t.leaf_index""", blocks, plan.shard(), plan.fromHeight(),
                    plan.toHeight()));
            blocks.flush();
            generator.writeEndArray();
            generator.writeStringProperty("checkpoint", plan.checkpoint());
            generator.writeArrayPropertyStart("keys");
            for (Bundle.Key key : plan.keys()) {
                generator.writePOJO(key);
            }
            generator.writeEndArray();
            generator.writeEndObject();
        }
    }

    /** Gathers the rows of one block and writes the block when the next one starts, and at the end. */
    private static final class BlockWriter implements RowCallbackHandler {

        private final JsonGenerator generator;
        private Bundle.Block current;
        private final List<Bundle.Entry> entries = new ArrayList<>();

        BlockWriter(JsonGenerator generator) {
            this.generator = generator;
        }

        @Override
        public void processRow(ResultSet rs) throws SQLException {
            long height = rs.getLong("height");
            if (current == null || current.header().height() != height) {
                flush();
                var header = BlockRow.header(rs);
                current = new Bundle.Block(header, Hex.of(rs.getBytes("hash")), rs.getString("signer"),
                        Base64.getEncoder().encodeToString(rs.getBytes("signature")), List.of());
            }
            byte[] txHash = rs.getBytes("tx_hash");
            if (txHash != null) {
                entries.add(new Bundle.Entry(rs.getLong("leaf_index"), Hex.of(txHash),
                        new String(rs.getBytes("canonical_json"), StandardCharsets.UTF_8)));
            }
        }

        void flush() {
            if (current != null) {
                generator.writePOJO(new Bundle.Block(current.header(), current.blockHash(), current.signer(),
                        current.signature(), List.copyOf(entries)));
                current = null;
                entries.clear();
            }
        }
    }
}
