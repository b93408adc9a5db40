package health.datasafe.bench.replay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every row a replay stored, grouped by the epoch (database transaction) that stored it, as the values the insert
 * yardstick sends again: blocks, their transactions, the Merkle log nodes they completed, their checkpoints, and the
 * consumed offsets each epoch updates (one per partition).
 *
 * @param epochs the epochs in the order they were committed
 */
record LedgerRows(List<Epoch> epochs) {

    static final String BLOCK_INSERT = """
            INSERT INTO block (shard, height, hash, previous_height, previous_hash, merkle_root, tx_count,
                               log_size, block_timestamp, signer, signature)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    static final String TX_INSERT = """
            INSERT INTO ledger_tx (tx_id, shard, height, leaf_index, tx_hash, canonical_json, patient_id)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";
    static final String NODE_INSERT = "INSERT INTO merkle_node (shard, level, idx, hash) VALUES (?, ?, ?, ?)";
    static final String CHECKPOINT_INSERT = "INSERT INTO checkpoint (shard, height, note) VALUES (?, ?, ?)";
    static final String OFFSET_UPSERT = """
            INSERT INTO consumed_offset (topic, kafka_partition, next_offset, epoch) VALUES (?, ?, ?, ?)
            ON CONFLICT (topic, kafka_partition) DO UPDATE
            SET next_offset = EXCLUDED.next_offset, epoch = EXCLUDED.epoch, updated_at = now()""";

    /** The rows one epoch stored, each as the values of its insert's parameters, in order. */
    record Epoch(List<Object[]> blocks, List<Object[]> transactions, List<Object[]> nodes, List<Object[]> checkpoints,
                 List<Object[]> offsets) {
    }

    /** How many rows of each table. */
    record Counts(long blocks, long transactions, long nodes, long checkpoints, long offsetUpdates) {
    }

    Counts counts() {
        long blocks = 0;
        long transactions = 0;
        long nodes = 0;
        long checkpoints = 0;
        long offsets = 0;
        for (Epoch epoch : epochs) {
            blocks += epoch.blocks().size();
            transactions += epoch.transactions().size();
            nodes += epoch.nodes().size();
            checkpoints += epoch.checkpoints().size();
            offsets += epoch.offsets().size();
        }
        return new Counts(blocks, transactions, nodes, checkpoints, offsets);
    }

    /**
     * Reads the rows of the ledger on {@code connection} (its schema first on the search path). The epochs are found
     * from the checkpoints, in the order they were stored: every block of an epoch carries the epoch's one checkpoint.
     */
    static LedgerRows read(Connection connection, String topic, int partitions) throws SQLException {
        var epochs = new ArrayList<Epoch>();
        Map<Long, Integer> epochOfBlock = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT shard, height, note FROM checkpoint ORDER BY id")) {
            String current = null;
            while (rs.next()) {
                String note = rs.getString(3);
                if (!note.equals(current)) {
                    epochs.add(new Epoch(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                            new ArrayList<>()));
                    current = note;
                }
                epochOfBlock.put(block(rs.getInt(1), rs.getLong(2)), epochs.size() - 1);
                epochs.getLast().checkpoints().add(new Object[] {rs.getInt(1), rs.getLong(2), note});
            }
        }
        // by shard: the log size after each block, and the block's epoch, to place the nodes it completed
        Map<Integer, TreeMap<Long, Integer>> epochByLastLeaf = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT shard, height, hash, previous_height, previous_hash, merkle_root, tx_count, log_size,
                            block_timestamp, signer, signature FROM block ORDER BY shard, height""")) {
            while (rs.next()) {
                int shard = rs.getInt(1);
                long height = rs.getLong(2);
                Integer epoch = epochOfBlock.get(block(shard, height));
                if (epoch == null) {
                    throw new IllegalStateException("block " + height + " of shard " + shard + " has no checkpoint");
                }
                long previous = rs.getLong(4);
                Long previousHeight = rs.wasNull() ? null : previous;
                epochs.get(epoch).blocks().add(new Object[] {shard, height, rs.getBytes(3), previousHeight, rs.getBytes(5), rs.getBytes(6), rs.getInt(7), rs.getLong(8),
                        rs.getObject(9, OffsetDateTime.class), rs.getString(10), rs.getBytes(11)});
                epochByLastLeaf.computeIfAbsent(shard, s -> new TreeMap<>()).put(rs.getLong(8) - 1, epoch);
            }
        }
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.setFetchSize(10_000);
            try (ResultSet rs = statement.executeQuery("""
                    SELECT tx_id, shard, height, leaf_index, tx_hash, canonical_json, patient_id FROM ledger_tx
                    ORDER BY shard, leaf_index""")) {
                while (rs.next()) {
                    int shard = rs.getInt(2);
                    long height = rs.getLong(3);
                    epochs.get(epochOfBlock.get(block(shard, height))).transactions().add(new Object[] {rs.getString(1),
                            shard, height, rs.getLong(4), rs.getBytes(5), rs.getBytes(6), rs.getString(7)});
                }
            }
            try (ResultSet rs = statement.executeQuery(
                    "SELECT shard, level, idx, hash FROM merkle_node ORDER BY shard, level, idx")) {
                while (rs.next()) {
                    int shard = rs.getInt(1);
                    int level = rs.getInt(2);
                    long index = rs.getLong(3);
                    // node (level, idx) is completed by leaf (idx + 1) * 2^level - 1
                    long lastLeaf = ((index + 1) << level) - 1;
                    int epoch = epochByLastLeaf.get(shard).ceilingEntry(lastLeaf).getValue();
                    epochs.get(epoch).nodes().add(new Object[] {shard, level, index, rs.getBytes(4)});
                }
            }
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
        for (int i = 0; i < epochs.size(); i++) {
            for (int partition = 0; partition < partitions; partition++) {
                epochs.get(i).offsets().add(new Object[] {topic, partition, (long) i, (long) i + 1});
            }
        }
        return new LedgerRows(List.copyOf(epochs));
    }

    private static long block(int shard, long height) {
        return (long) shard << 48 | height;
    }

    /**
     * Inserts every row, one database transaction per epoch as the replay commits them: each table's rows of the
     * epoch in one JDBC batch ({@code addBatch}/{@code executeBatch}), blocks first, then transactions, nodes,
     * checkpoints and offsets; then commit.
     */
    void insert(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement blocks = connection.prepareStatement(BLOCK_INSERT);
             PreparedStatement transactions = connection.prepareStatement(TX_INSERT);
             PreparedStatement nodes = connection.prepareStatement(NODE_INSERT);
             PreparedStatement checkpoints = connection.prepareStatement(CHECKPOINT_INSERT);
             PreparedStatement offsets = connection.prepareStatement(OFFSET_UPSERT)) {
            for (Epoch epoch : epochs) {
                batch(blocks, epoch.blocks());
                batch(transactions, epoch.transactions());
                batch(nodes, epoch.nodes());
                batch(checkpoints, epoch.checkpoints());
                batch(offsets, epoch.offsets());
                connection.commit();
            }
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void batch(PreparedStatement statement, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                statement.setObject(i + 1, row[i]);
            }
            statement.addBatch();
        }
        statement.executeBatch();
    }
}
