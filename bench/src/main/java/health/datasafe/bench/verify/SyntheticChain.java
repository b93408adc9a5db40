package health.datasafe.bench.verify;

import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.Transaction;
import health.datasafe.integrity.Blocks;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.integrity.Sha256;
import health.datasafe.integrity.Transactions;

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
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A made-up ledger built by the integrity module's rules, as the ledger-service would have committed it: each
 * transaction signed by an initiator key ({@link Transactions#sign}) and stored as its canonical JSON next to its
 * tx hash; each block's Merkle root, header hash and signature made with {@link MerkleTree} and {@link Blocks} by a
 * ledger node key, chained to the block before it. Shards are filled in parallel, each on its own connection, with
 * batched inserts. Every value is synthetic (random ids, no health content), as on the real ledger.
 */
final class SyntheticChain {

    /** Rows per batched insert and commit. */
    private static final int BATCH_TRANSACTIONS = 2_000;
    private static final HexFormat HEX = HexFormat.of();

    private final Ed25519.SigningKey initiator = Ed25519.SigningKey.generate();
    private final Ed25519.SigningKey node = Ed25519.SigningKey.generate();
    private final String initiatorId = initiator.verifyingKey().keyId();
    private final String nodeId = node.verifyingKey().keyId();
    private final Ed25519.VerifyingKey nodeKey = node.verifyingKey();

    /** The block signer's public key by key id, as a {@link health.datasafe.integrity.ChainVerifier} asks for it. */
    Function<String, Ed25519.VerifyingKey> signers() {
        return keyId -> nodeId.equals(keyId) ? nodeKey : null;
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
        long blocks = 0;
        long bytes = 0;
        for (Future<ShardFill> fill : fills) {
            try {
                ShardFill done = fill.get();
                blocks += done.blocks();
                bytes += done.canonicalBytes();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof SQLException sql) {
                    throw sql;
                }
                throw new IllegalStateException("filling a shard failed: " + e.getCause(), e.getCause());
            }
        }
        database.analyze();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new FilledChain(transactions, blocks, shards, blockSize, bytes,
                transactions == 0 ? 0 : (double) bytes / transactions, seconds);
    }

    private record ShardFill(long blocks, long canonicalBytes) {
    }

    private ShardFill fillShard(LedgerDatabase database, int shard, int count, int blockSize, Instant firstSubmit)
            throws SQLException {
        var random = new SplittableRandom(0x5eed_0000L + shard);
        var people = new SyntheticTransactions(random);
        long blocks = 0;
        long bytes = 0;
        try (Connection connection = database.connect();
             PreparedStatement blockInsert = connection.prepareStatement("""
                     INSERT INTO block (shard, height, hash, previous_height, previous_hash, merkle_root, tx_count,
                                        log_size, block_timestamp, signer, signature, published)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)""");
             PreparedStatement txInsert = connection.prepareStatement("""
                     INSERT INTO ledger_tx (tx_id, shard, height, leaf_index, tx_hash, canonical_json, patient_id)
                     VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            connection.setAutoCommit(false);
            byte[] previous = Hex.parseHash(Blocks.GENESIS_PREVIOUS_HASH);
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
                }
                leaf += n;
                Instant cut = firstSubmit.plusMillis(leaf * 3 + 1);
                var header = new BlockHeader(shard, height, HEX.formatHex(previous), Hex.of(MerkleTree.root(hashes)),
                        n, leaf, cut);
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
                previous = Hex.parseHash(blockHash);
                blocks++;
                pending += n;
                if (pending >= BATCH_TRANSACTIONS || leaf >= count) {
                    blockInsert.executeBatch();
                    txInsert.executeBatch();
                    connection.commit();
                    pending = 0;
                }
            }
        }
        return new ShardFill(blocks, bytes);
    }
}
