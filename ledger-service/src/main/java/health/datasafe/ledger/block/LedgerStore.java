package health.datasafe.ledger.block;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.CheckpointSigned;
import health.datasafe.contracts.CommittedTransaction;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.CanonicalJson;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.LogFrontier;
import health.datasafe.integrity.MerkleNode;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.ledger.merkle.MerkleNodeStore;
import health.datasafe.ledger.node.GenesisDiffers;
import health.datasafe.ledger.node.NodeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The committer's side of schema {@code ledger}: chain tips with their log frontiers, consumed offsets and the last
 * completed epoch, and the one database transaction per epoch that stores its blocks, their transactions, the Merkle
 * log nodes they complete, the epoch's checkpoint (once per block) and the offsets to resume from.
 */
@Repository
class LedgerStore {

    private static final Logger log = LoggerFactory.getLogger(LedgerStore.class);
    private static final String UPSERT_OFFSETS = """
            INSERT INTO consumed_offset (topic, kafka_partition, next_offset, epoch)
            SELECT ?::text, partition, next_offset, ?::bigint FROM unnest(?::integer[], ?::bigint[]) AS o (partition, next_offset)
            ON CONFLICT (topic, kafka_partition) DO UPDATE
            SET next_offset = EXCLUDED.next_offset, epoch = EXCLUDED.epoch, updated_at = now()""";
    private static final int REBUILD_PAGE = 10_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final MerkleNodeStore nodes;

    LedgerStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, MerkleNodeStore nodes) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.nodes = nodes;
    }

    private record Head(int shard, long height, String hash, long logSize) {
    }

    /**
     * Checks that the chain stored here starts from the node's genesis (or, like the node, from none) and stores the
     * genesis document once, so that block 0 can link to it.
     *
     * @throws GenesisDiffers when the stored genesis, or what a stored block 0 links to, is another
     */
    void pinGenesis(NodeKey key) {
        String configured = key.genesisHash();
        transactions.executeWithoutResult(status -> {
            List<String> stored = jdbc.query("SELECT hash FROM genesis", (rs, row) -> Hex.of(rs.getBytes(1)));
            List<String> linked = jdbc.query("SELECT DISTINCT previous_hash FROM block WHERE height = 0",
                    (rs, row) -> Hex.of(rs.getBytes(1)));
            for (String hash : stored.isEmpty() ? linked : stored) {
                if (!hash.equals(configured)) {
                    throw new GenesisDiffers(key.name(), hash, configured);
                }
            }
            if (stored.isEmpty()) {
                key.genesis().ifPresent(genesis -> jdbc.update("INSERT INTO genesis (hash, document) VALUES (?, ?)",
                        Hex.parseHash(genesis.hash()), genesis.canonicalJson()));
            }
        });
    }

    /**
     * The latest block of every shard that has one, with the frontier of the shard's log: its nodes are read for all
     * shards in one query. A shard whose nodes are not stored (a ledger committed before logs were kept) has its log
     * rebuilt from its tx hashes once, and stored.
     */
    Map<Integer, ChainTip> tips() {
        List<Head> heads = jdbc.query(
                "SELECT DISTINCT ON (shard) shard, height, hash, log_size FROM block ORDER BY shard, height DESC",
                (rs, row) -> new Head(rs.getInt("shard"), rs.getLong("height"), Hex.of(rs.getBytes("hash")),
                        rs.getLong("log_size")));
        var wanted = new HashMap<Integer, List<MerkleNode>>();
        heads.forEach(head -> wanted.put(head.shard(), LogFrontier.nodesOf(head.logSize())));
        Map<Integer, Map<MerkleNode, byte[]>> stored = nodes.read(wanted);
        var tips = new HashMap<Integer, ChainTip>();
        for (Head head : heads) {
            Map<MerkleNode, byte[]> shardNodes = stored.getOrDefault(head.shard(), Map.of());
            LogFrontier frontier;
            if (shardNodes.size() == wanted.get(head.shard()).size()) {
                frontier = LogFrontier.of(head.logSize(), shardNodes::get);
            } else {
                log.warn("Shard {} has no stored Merkle log for its {} leaves; rebuilding it from the committed tx hashes",
                        head.shard(), head.logSize());
                frontier = rebuildLog(head.shard(), head.logSize());
            }
            tips.put(head.shard(), new ChainTip(head.shard(), head.height(), head.hash(), frontier));
        }
        return tips;
    }

    /**
     * Recomputes and stores every node of a shard's log from its committed tx hashes in leaf order, replacing whatever
     * nodes were stored, in one database transaction; answers the frontier.
     */
    LogFrontier rebuildLog(int shard, long logSize) {
        return transactions.execute(status -> {
            nodes.deleteShard(shard);
            var frontier = LogFrontier.empty();
            while (frontier.size() < logSize) {
                long from = frontier.size();
                List<Leaf> page = jdbc.query("""
                                SELECT leaf_index, tx_hash FROM ledger_tx WHERE shard = ? AND leaf_index >= ?
                                ORDER BY leaf_index LIMIT ?""",
                        (rs, row) -> new Leaf(rs.getLong(1), rs.getBytes(2)), shard, from,
                        (int) Math.min(REBUILD_PAGE, logSize - from));
                if (page.isEmpty()) {
                    throw new LogLeafMissing(shard, from, logSize);
                }
                var completed = new ArrayList<LogFrontier.HashedNode>(2 * page.size());
                for (Leaf leaf : page) {
                    if (leaf.index() != frontier.size()) {
                        throw new LogLeafMissing(shard, frontier.size(), logSize);
                    }
                    completed.addAll(frontier.append(MerkleTree.leafHash(leaf.txHash())));
                }
                nodes.insert(shard, completed);
            }
            log.info("Rebuilt shard {}'s Merkle log: {} leaves, root {}", shard, logSize, Hex.of(frontier.root()));
            return frontier;
        });
    }

    private record Leaf(long index, byte[] txHash) {
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

    /** The last epoch completed in every shard of {@code topic}; 0 if none was. */
    long lastEpoch(String topic) {
        return jdbc.queryForObject("SELECT coalesce(max(epoch), 0) FROM consumed_offset WHERE topic = ?", Long.class,
                topic);
    }

    /** The tx hash (hex) of each of these transaction ids that is committed already. */
    Map<String, String> committedHashes(Collection<String> txIds) {
        if (txIds.isEmpty()) {
            return Map.of();
        }
        var found = new HashMap<String, String>();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("SELECT tx_id, tx_hash FROM ledger_tx WHERE tx_id = ANY (?)");
            statement.setArray(1, connection.createArrayOf("text", txIds.toArray()));
            return statement;
        }, (ResultSet rs) -> {
            found.put(rs.getString(1), Hex.of(rs.getBytes(2)));
        });
        return found;
    }

    /**
     * Stores a complete epoch, all or nothing: its blocks (each with its transactions, the log nodes it completes and
     * the epoch's checkpoint) and, for each partition that reached the epoch, the offset after its epoch end. One
     * statement per table for the whole epoch, however many blocks and transactions it holds: each takes its rows as
     * arrays ({@code unnest}), so the epoch costs five round trips and the commit, not one per row. Blocks go first (a
     * shard has at most one block per epoch, so each links to a block committed before), then what refers to them.
     */
    void commitEpoch(long epoch, List<SealedBlock> blocks, String topic, Map<Integer, Long> nextOffsets) {
        transactions.executeWithoutResult(status -> {
            if (!blocks.isEmpty()) {
                insertBlocks(blocks);
                insertTransactions(blocks);
                var nodesByShard = new HashMap<Integer, List<LogFrontier.HashedNode>>();
                blocks.forEach(block -> nodesByShard.computeIfAbsent(block.header().shard(), shard -> new ArrayList<>())
                        .addAll(block.nodes()));
                nodes.insert(nodesByShard);
                insertCheckpoints(blocks);
            }
            var partitions = new ArrayList<Integer>(nextOffsets.size());
            var offsets = new ArrayList<Long>(nextOffsets.size());
            nextOffsets.forEach((partition, offset) -> {
                partitions.add(partition);
                offsets.add(offset);
            });
            jdbc.update(connection -> {
                var statement = connection.prepareStatement(UPSERT_OFFSETS);
                statement.setString(1, topic);
                statement.setLong(2, epoch);
                statement.setArray(3, connection.createArrayOf("integer", partitions.toArray()));
                statement.setArray(4, connection.createArrayOf("bigint", offsets.toArray()));
                return statement;
            });
        });
    }

    private void insertBlocks(List<SealedBlock> blocks) {
        int n = blocks.size();
        var shards = new Integer[n];
        var heights = new Long[n];
        var hashes = new byte[n][];
        var previousHeights = new Long[n];
        var previousHashes = new byte[n][];
        var roots = new byte[n][];
        var counts = new Integer[n];
        var sizes = new Long[n];
        var times = new String[n];
        var signers = new String[n];
        var signatures = new byte[n][];
        for (int i = 0; i < n; i++) {
            BlockCommitted event = blocks.get(i).event();
            BlockHeader header = event.header();
            shards[i] = header.shard();
            heights[i] = header.height();
            hashes[i] = Hex.parseHash(event.blockHash());
            previousHeights[i] = header.height() == 0 ? null : header.height() - 1;
            previousHashes[i] = Hex.parseHash(header.previousHash());
            roots[i] = Hex.parseHash(header.merkleRoot());
            counts[i] = header.txCount();
            sizes[i] = header.logSize();
            times[i] = header.timestamp().toString();
            signers[i] = event.signer();
            signatures[i] = Base64.getDecoder().decode(event.signature());
        }
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("""
                    INSERT INTO block (shard, height, hash, previous_height, previous_hash, merkle_root, tx_count,
                                       log_size, block_timestamp, signer, signature)
                    SELECT * FROM unnest(?::integer[], ?::bigint[], ?::bytea[], ?::bigint[], ?::bytea[], ?::bytea[],
                                         ?::integer[], ?::bigint[], ?::timestamptz[], ?::text[], ?::bytea[])""");
            statement.setArray(1, connection.createArrayOf("integer", shards));
            statement.setArray(2, connection.createArrayOf("bigint", heights));
            statement.setArray(3, connection.createArrayOf("bytea", hashes));
            statement.setArray(4, connection.createArrayOf("bigint", previousHeights));
            statement.setArray(5, connection.createArrayOf("bytea", previousHashes));
            statement.setArray(6, connection.createArrayOf("bytea", roots));
            statement.setArray(7, connection.createArrayOf("integer", counts));
            statement.setArray(8, connection.createArrayOf("bigint", sizes));
            statement.setArray(9, connection.createArrayOf("text", times));
            statement.setArray(10, connection.createArrayOf("text", signers));
            statement.setArray(11, connection.createArrayOf("bytea", signatures));
            return statement;
        });
    }

    private void insertTransactions(List<SealedBlock> blocks) {
        int n = blocks.stream().mapToInt(block -> block.event().transactions().size()).sum();
        var ids = new String[n];
        var shards = new Integer[n];
        var heights = new Long[n];
        var leaves = new Long[n];
        var hashes = new byte[n][];
        var canonical = new byte[n][];
        var patients = new String[n];
        int row = 0;
        for (SealedBlock block : blocks) {
            BlockHeader header = block.header();
            List<CommittedTransaction> committed = block.event().transactions();
            for (int i = 0; i < committed.size(); i++, row++) {
                Transaction tx = committed.get(i).transaction();
                ids[row] = tx.id();
                shards[row] = header.shard();
                heights[row] = header.height();
                leaves[row] = committed.get(i).leafIndex();
                hashes[row] = Hex.parseHash(committed.get(i).txHash());
                canonical[row] = block.canonicalJson().get(i);
                patients[row] = tx.patientId();
            }
        }
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("""
                    INSERT INTO ledger_tx (tx_id, shard, height, leaf_index, tx_hash, canonical_json, patient_id)
                    SELECT * FROM unnest(?::text[], ?::integer[], ?::bigint[], ?::bigint[], ?::bytea[], ?::bytea[],
                                         ?::text[])""");
            statement.setArray(1, connection.createArrayOf("text", ids));
            statement.setArray(2, connection.createArrayOf("integer", shards));
            statement.setArray(3, connection.createArrayOf("bigint", heights));
            statement.setArray(4, connection.createArrayOf("bigint", leaves));
            statement.setArray(5, connection.createArrayOf("bytea", hashes));
            statement.setArray(6, connection.createArrayOf("bytea", canonical));
            statement.setArray(7, connection.createArrayOf("text", patients));
            return statement;
        });
    }

    private void insertCheckpoints(List<SealedBlock> blocks) {
        int n = blocks.size();
        var shards = new Integer[n];
        var heights = new Long[n];
        var notes = new String[n];
        for (int i = 0; i < n; i++) {
            shards[i] = blocks.get(i).header().shard();
            heights[i] = blocks.get(i).header().height();
            notes[i] = blocks.get(i).checkpoint().note();
        }
        // WITH ORDINALITY keeps the blocks' order for the ids, which order the checkpoints (unpublishedCheckpoints)
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("""
                    INSERT INTO checkpoint (shard, height, note)
                    SELECT shard, height, note FROM unnest(?::integer[], ?::bigint[], ?::text[])
                        WITH ORDINALITY AS c (shard, height, note, position)
                    ORDER BY position""");
            statement.setArray(1, connection.createArrayOf("integer", shards));
            statement.setArray(2, connection.createArrayOf("bigint", heights));
            statement.setArray(3, connection.createArrayOf("text", notes));
            return statement;
        });
    }

    /**
     * Marks these blocks' BlockCommitted and these CheckpointSigned as published: one statement, one commit, however
     * many of each.
     */
    void markPublished(Collection<BlockHeader> headers, Collection<CheckpointSigned> checkpoints) {
        if (headers.isEmpty() && checkpoints.isEmpty()) {
            return;
        }
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("""
                    WITH blocks AS (
                        UPDATE block t SET published = TRUE FROM unnest(?::integer[], ?::bigint[]) AS p (shard, height)
                        WHERE t.shard = p.shard AND t.height = p.height)
                    UPDATE checkpoint t SET published = TRUE FROM unnest(?::integer[], ?::bigint[]) AS p (shard, height)
                    WHERE t.shard = p.shard AND t.height = p.height""");
            statement.setArray(1, connection.createArrayOf("integer", headers.stream().map(BlockHeader::shard).toArray()));
            statement.setArray(2, connection.createArrayOf("bigint", headers.stream().map(BlockHeader::height).toArray()));
            statement.setArray(3, connection.createArrayOf("integer",
                    checkpoints.stream().map(CheckpointSigned::shard).toArray()));
            statement.setArray(4, connection.createArrayOf("bigint",
                    checkpoints.stream().map(CheckpointSigned::height).toArray()));
            return statement;
        });
    }

    /**
     * Up to {@code limit} committed blocks whose BlockCommitted is not yet known to be published, oldest first, as they
     * were announced: with the frontier of the shard's log before each (from the stored nodes) and the checkpoint
     * signed after it (null for blocks committed before checkpoints were made).
     */
    List<BlockCommitted> unpublished(int limit) {
        List<BlockCommitted> headers = jdbc.query("""
                        SELECT b.shard, b.height, b.hash, b.previous_hash, b.merkle_root, b.tx_count, b.log_size,
                               b.block_timestamp, b.signer, b.signature, c.note
                        FROM block b LEFT JOIN checkpoint c ON c.shard = b.shard AND c.height = b.height
                        WHERE NOT b.published ORDER BY b.shard, b.height LIMIT ?""",
                (rs, row) -> blockWithoutTransactions(rs), limit);
        var wanted = new HashMap<Integer, Set<MerkleNode>>();
        for (BlockCommitted block : headers) {
            wanted.computeIfAbsent(block.header().shard(), shard -> new HashSet<>())
                    .addAll(LogFrontier.nodesOf(firstLeaf(block.header())));
        }
        Map<Integer, Map<MerkleNode, byte[]>> stored = nodes.read(wanted);
        var blocks = new ArrayList<BlockCommitted>(headers.size());
        for (BlockCommitted block : headers) {
            List<CommittedTransaction> committed = jdbc.query("""
                            SELECT leaf_index, tx_hash, canonical_json FROM ledger_tx
                            WHERE shard = ? AND height = ? ORDER BY leaf_index""",
                    (rs, row) -> new CommittedTransaction(
                            CanonicalJson.read(rs.getBytes("canonical_json"), Transaction.class),
                            Hex.of(rs.getBytes("tx_hash")), rs.getLong("leaf_index")),
                    block.header().shard(), block.header().height());
            List<String> frontier = frontierHex(block.header(), stored.getOrDefault(block.header().shard(), Map.of()));
            blocks.add(new BlockCommitted(block.header(), block.blockHash(), block.signer(), block.signature(), committed,
                    frontier, block.checkpoint()));
        }
        return blocks;
    }

    /** Up to {@code limit} checkpoints whose CheckpointSigned is not yet known to be published, oldest first. */
    List<CheckpointSigned> unpublishedCheckpoints(int limit) {
        return jdbc.query("SELECT shard, height, note FROM checkpoint WHERE NOT published ORDER BY id LIMIT ?",
                (rs, row) -> {
                    String note = rs.getString("note");
                    return new CheckpointSigned(Checkpoint.parse(note).origin(), rs.getInt("shard"), rs.getLong("height"),
                            note);
                }, limit);
    }

    private static long firstLeaf(BlockHeader header) {
        return header.logSize() - header.txCount();
    }

    private static List<String> frontierHex(BlockHeader header, Map<MerkleNode, byte[]> stored) {
        List<MerkleNode> wanted = LogFrontier.nodesOf(firstLeaf(header));
        var hashes = new ArrayList<String>(wanted.size());
        for (MerkleNode node : wanted) {
            byte[] hash = stored.get(node);
            if (hash == null) {
                log.warn("Block {} of shard {} is announced without its log frontier: node {} is not stored",
                        header.height(), header.shard(), node);
                return null;
            }
            hashes.add(Hex.of(hash));
        }
        return hashes;
    }

    private static BlockCommitted blockWithoutTransactions(ResultSet rs) throws SQLException {
        var header = BlockRow.header(rs);
        return new BlockCommitted(header, Hex.of(rs.getBytes("hash")), rs.getString("signer"),
                Base64.getEncoder().encodeToString(rs.getBytes("signature")), List.of(), null, rs.getString("note"));
    }
}
