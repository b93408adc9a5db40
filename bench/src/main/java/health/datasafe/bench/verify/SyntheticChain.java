package health.datasafe.bench.verify;

import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.LogFrontier;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.integrity.Sha256;
import health.datasafe.integrity.Transactions;
import health.datasafe.ledger.node.LedgerSettings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A made-up ledger built by the integrity module's rules, as the ledger-service would have committed it: each
 * transaction signed by an initiator key ({@link Transactions#sign}) and stored as its canonical JSON next to its
 * tx hash; each block's Merkle root, header hash and signature made with {@link MerkleTree} and {@link Blocks} by a
 * ledger node key, chained to the block before it; every node of each shard's Merkle log stored ({@link LogFrontier});
 * and after every block a checkpoint of every shard's log signed by the node under the ledger's default origin, the
 * blocks of the shards taken in turn as a committer serving them all would. Shards are filled in parallel, each on its
 * own connection, with batched inserts; the checkpoints are signed and stored after them. Every value is synthetic
 * (random ids, no health content), as on the real ledger.
 */
final class SyntheticChain {

    /** Rows per batched insert and commit. */
    private static final int BATCH_TRANSACTIONS = 2_000;
    private static final String EMPTY_ROOT = Hex.of(MerkleTree.emptyRoot());

    private final Ed25519.SigningKey initiator = Ed25519.SigningKey.generate();
    private final Ed25519.SigningKey node = Ed25519.SigningKey.generate();
    private final String initiatorId = initiator.verifyingKey().keyId();
    private final String nodeId = node.verifyingKey().keyId();

    /** Base64 PKCS#8 of the key that signed the blocks and checkpoints, as {@code dsh.ledger.private-key} takes it. */
    String nodeKey() {
        return node.toPkcs8();
    }

    /**
     * Creates the scratch schema with the ledger-service's migrations and fills its ledger: {@code transactions}
     * spread evenly over {@code shards} (shard 0 gets any remainder first), cut into blocks of {@code blockSize}.
     */
    FilledChain fill(LedgerDatabase database, int transactions, int shards, int blockSize, int threads)
            throws SQLException, InterruptedException {
        long start = System.nanoTime();
        database.create();
        Instant firstSubmit = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(transactions + 1000L, ChronoUnit.MILLIS);
        List<Future<ShardFill>> fills = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, shards))) {
            for (int shard = 0; shard < shards; shard++) {
                int count = transactions / shards + (shard < transactions % shards ? 1 : 0);
                int s = shard;
                fills.add(pool.submit(() -> fillShard(database, s, count, blockSize, firstSubmit)));
            }
        }
        List<List<Checkpoint.ShardLog>> logs = new ArrayList<>();
        long bytes = 0;
        for (Future<ShardFill> fill : fills) {
            try {
                ShardFill done = fill.get();
                logs.add(done.logs());
                bytes += done.canonicalBytes();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw new IllegalStateException("filling a shard failed: " + e.getCause(), e.getCause());
            }
        }
        long blocks = storeCheckpoints(database, logs);
        database.analyze();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new FilledChain(transactions, blocks, shards, blockSize, bytes,
                transactions == 0 ? 0 : (double) bytes / transactions, seconds);
    }

    /**
     * One shard filled.
     *
     * @param logs           the shard's log after each of its blocks, in height order
     * @param canonicalBytes the size of its transactions' canonical JSON
     */
    private record ShardFill(List<Checkpoint.ShardLog> logs, long canonicalBytes) {
    }

    /** Fills one shard's blocks, transactions and log nodes. */
    private ShardFill fillShard(LedgerDatabase database, int shard, int count, int blockSize, Instant firstSubmit)
            throws SQLException {
        var random = new SplittableRandom(0x5eed_0000L + shard);
        var people = new SyntheticTransactions(random);
        var logs = new ArrayList<Checkpoint.ShardLog>();
        long bytes = 0;
        try (Connection connection = database.connect();
             PreparedStatement blockInsert = connection.prepareStatement("""
                     INSERT INTO block (shard, height, hash, previous_height, previous_hash, merkle_root, tx_count,
                                        log_size, block_timestamp, signer, signature, published)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)""");
             PreparedStatement txInsert = connection.prepareStatement("""
                     INSERT INTO ledger_tx (tx_id, shard, height, leaf_index, tx_hash, canonical_json, patient_id)
                     VALUES (?, ?, ?, ?, ?, ?, ?)""");
             PreparedStatement nodeInsert = connection.prepareStatement(
                     "INSERT INTO merkle_node (shard, level, idx, hash) VALUES (?, ?, ?, ?)")) {
            connection.setAutoCommit(false);
            byte[] previous = Hex.parseHash(Blocks.GENESIS_PREVIOUS_HASH);
            LogFrontier log = LogFrontier.empty();
            long leaf = 0;
            int pending = 0;
            for (long height = 0; leaf < count; height++) {
                int n = (int) Math.min(blockSize, count - leaf);
                var hashes = new ArrayList<byte[]>(n);
                for (int i = 0; i < n; i++) {
                    long index = leaf + i;
                    Transaction tx = Transactions.sign(
                            people.transaction(firstSubmit.plusMillis(index * 3 + shard), initiatorId), initiator);
                    byte[] canonical = Transactions.canonical(tx);
                    byte[] hash = Sha256.hash(canonical);
                    hashes.add(hash);
                    bytes += canonical.length;
                    txInsert.setString(1, tx.id());
                    txInsert.setInt(2, shard);
                    txInsert.setLong(3, height);
                    txInsert.setLong(4, index);
                    txInsert.setBytes(5, hash);
                    txInsert.setBytes(6, canonical);
                    txInsert.setString(7, tx.patientId());
                    txInsert.addBatch();
                    for (LogFrontier.HashedNode completed : log.append(MerkleTree.leafHash(hash))) {
                        nodeInsert.setInt(1, shard);
                        nodeInsert.setInt(2, completed.node().level());
                        nodeInsert.setLong(3, completed.node().index());
                        nodeInsert.setBytes(4, completed.hash());
                        nodeInsert.addBatch();
                    }
                }
                leaf += n;
                Instant cut = firstSubmit.plusMillis(leaf * 3 + 1);
                var header = new BlockHeader(shard, height, Hex.of(previous), Hex.of(MerkleTree.root(hashes)), n, leaf,
                        cut);
                String blockHash = Blocks.hash(header);
                blockInsert.setInt(1, shard);
                blockInsert.setLong(2, height);
                blockInsert.setBytes(3, Hex.parseHash(blockHash));
                if (height == 0) {
                    blockInsert.setNull(4, Types.BIGINT);
                } else {
                    blockInsert.setLong(4, height - 1);
                }
                blockInsert.setBytes(5, previous);
                blockInsert.setBytes(6, Hex.parseHash(header.merkleRoot()));
                blockInsert.setInt(7, n);
                blockInsert.setLong(8, leaf);
                blockInsert.setObject(9, OffsetDateTime.ofInstant(cut, ZoneOffset.UTC));
                blockInsert.setString(10, nodeId);
                blockInsert.setBytes(11, Base64.getDecoder().decode(Blocks.sign(blockHash, node)));
                blockInsert.addBatch();
                logs.add(new Checkpoint.ShardLog(shard, leaf, Hex.of(log.root())));
                previous = Hex.parseHash(blockHash);
                pending += n;
                if (pending >= BATCH_TRANSACTIONS || leaf >= count) {
                    blockInsert.executeBatch();
                    txInsert.executeBatch();
                    nodeInsert.executeBatch();
                    connection.commit();
                    pending = 0;
                }
            }
        }
        return new ShardFill(logs, bytes);
    }

    /**
     * Signs and stores the checkpoint after every block, taking the shards' blocks in turn (block 0 of every shard,
     * then block 1, ...): each states every shard's log as it stood then, so the last one states every shard at its
     * end. Answers the number of blocks.
     */
    private long storeCheckpoints(LedgerDatabase database, List<List<Checkpoint.ShardLog>> logs) throws SQLException {
        var current = new ArrayList<Checkpoint.ShardLog>();
        for (int shard = 0; shard < logs.size(); shard++) {
            current.add(new Checkpoint.ShardLog(shard, 0, EMPTY_ROOT));
        }
        long blocks = 0;
        int highest = logs.stream().mapToInt(List::size).max().orElse(0);
        try (Connection connection = database.connect();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO checkpoint (shard, height, note, published) VALUES (?, ?, ?, TRUE)")) {
            connection.setAutoCommit(false);
            for (int height = 0; height < highest; height++) {
                for (int shard = 0; shard < logs.size(); shard++) {
                    if (height >= logs.get(shard).size()) {
                        continue;
                    }
                    current.set(shard, logs.get(shard).get(height));
                    insert.setInt(1, shard);
                    insert.setLong(2, height);
                    insert.setString(3, new Checkpoint(LedgerSettings.DEFAULT_ORIGIN, current).sign(node));
                    insert.addBatch();
                    blocks++;
                }
            }
            insert.executeBatch();
            connection.commit();
        }
        return blocks;
    }
}
