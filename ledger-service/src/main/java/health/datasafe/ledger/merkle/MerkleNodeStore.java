package health.datasafe.ledger.merkle;

import health.datasafe.integrity.LogFrontier;
import health.datasafe.integrity.MerkleNode;
import health.datasafe.integrity.MerkleTree;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hash of every perfect node of every shard's log ({@link MerkleNode}). Level 0, the leaf hashes, is stored once, as
 * the tx hashes of table {@code ledger_tx} (leaf {@code i} of shard {@code s} is SHA-256(0x00 || tx_hash) of its row
 * {@code (s, leaf_index = i)}); table {@code merkle_node} holds the levels above. Nodes are written with the block that
 * completes them, inside that block's database transaction (this uses the transaction in progress), and read by the
 * set a proof, a root or a frontier needs, in one query over both tables.
 */
@Repository
public class MerkleNodeStore {

    private final JdbcTemplate jdbc;

    public MerkleNodeStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The stored hashes of these nodes of one shard's log; absent nodes are absent from the map. */
    public Map<MerkleNode, byte[]> read(int shard, Collection<MerkleNode> nodes) {
        return read(Map.of(shard, nodes)).getOrDefault(shard, Map.of());
    }

    /**
     * The stored hashes of these nodes, by shard; one query whatever the number of shards and nodes: leaves from
     * {@code ledger_tx} (hashed here), the levels above from {@code merkle_node}.
     */
    public Map<Integer, Map<MerkleNode, byte[]>> read(Map<Integer, ? extends Collection<MerkleNode>> wanted) {
        var shards = new ArrayList<Integer>();
        var levels = new ArrayList<Integer>();
        var indexes = new ArrayList<Long>();
        wanted.forEach((shard, nodes) -> nodes.forEach(node -> {
            shards.add(shard);
            levels.add(node.level());
            indexes.add(node.index());
        }));
        var found = new HashMap<Integer, Map<MerkleNode, byte[]>>();
        if (shards.isEmpty()) {
            return found;
        }
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("""
                    WITH wanted (shard, level, idx) AS (SELECT * FROM unnest(?::integer[], ?::integer[], ?::bigint[]))
                    SELECT n.shard, n.level, n.idx, n.hash
                    FROM wanted JOIN merkle_node n
                        ON n.shard = wanted.shard AND n.level = wanted.level AND n.idx = wanted.idx
                    WHERE wanted.level > 0
                    UNION ALL
                    SELECT t.shard, 0, t.leaf_index, t.tx_hash
                    FROM wanted JOIN ledger_tx t ON t.shard = wanted.shard AND t.leaf_index = wanted.idx
                    WHERE wanted.level = 0""");
            statement.setArray(1, connection.createArrayOf("integer", shards.toArray()));
            statement.setArray(2, connection.createArrayOf("integer", levels.toArray()));
            statement.setArray(3, connection.createArrayOf("bigint", indexes.toArray()));
            return statement;
        }, (ResultSet rs) -> {
            int level = rs.getInt(2);
            byte[] hash = level == 0 ? MerkleTree.leafHash(rs.getBytes(4)) : rs.getBytes(4);
            found.computeIfAbsent(rs.getInt(1), shard -> new HashMap<>()).put(new MerkleNode(level, rs.getLong(3)), hash);
        });
        return found;
    }

    /** Stores nodes of one shard's log, in one statement. A node stored before is a failure (the log only grows). */
    public void insert(int shard, List<LogFrontier.HashedNode> nodes) {
        insert(Map.of(shard, nodes));
    }

    /**
     * Stores nodes of several shards' logs in one statement (one round trip, the rows passed as arrays); leaves (level
     * 0) are skipped, their tx hashes being stored in {@code ledger_tx} in the same database transaction. A node stored
     * before is a failure (the log only grows).
     */
    public void insert(Map<Integer, ? extends List<LogFrontier.HashedNode>> nodesByShard) {
        int n = nodesByShard.values().stream()
                .mapToInt(nodes -> (int) nodes.stream().filter(node -> node.node().level() > 0).count()).sum();
        if (n == 0) {
            return;
        }
        var shards = new Integer[n];
        var levels = new Integer[n];
        var indexes = new Long[n];
        var hashes = new byte[n][];
        int row = 0;
        for (var entry : nodesByShard.entrySet()) {
            for (LogFrontier.HashedNode node : entry.getValue()) {
                if (node.node().level() == 0) {
                    continue;
                }
                shards[row] = entry.getKey();
                levels[row] = node.node().level();
                indexes[row] = node.node().index();
                hashes[row] = node.hash();
                row++;
            }
        }
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("""
                    INSERT INTO merkle_node (shard, level, idx, hash)
                    SELECT * FROM unnest(?::integer[], ?::smallint[], ?::bigint[], ?::bytea[])""");
            statement.setArray(1, connection.createArrayOf("integer", shards));
            statement.setArray(2, connection.createArrayOf("smallint", levels));
            statement.setArray(3, connection.createArrayOf("bigint", indexes));
            statement.setArray(4, connection.createArrayOf("bytea", hashes));
            return statement;
        });
    }

    /** Removes every node above the leaves of a shard's log, before the log is rebuilt from its leaves. */
    public void deleteShard(int shard) {
        jdbc.update("DELETE FROM merkle_node WHERE shard = ?", shard);
    }

    /** A node source over fetched hashes that fails loudly, naming the node, when one is missing. */
    public static MerkleNode.Source source(int shard, Map<MerkleNode, byte[]> fetched) {
        return node -> {
            byte[] hash = fetched.get(node);
            if (hash == null) {
                throw new MerkleNodeMissing(shard, node);
            }
            return hash;
        };
    }
}
