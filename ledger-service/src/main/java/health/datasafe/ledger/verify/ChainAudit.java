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
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Streams every block with its transaction rows, shard by shard in height order, through a {@link ChainVerifier}: tx
 * hashes are recomputed from the stored canonical JSON, then Merkle roots, block hashes, links and signatures, and each
 * shard's Merkle log from its leaves. Everything is read in one read-only repeatable-read transaction, so the ledger
 * is seen as of one instant while blocks keep being committed, and through cursors, so it is never loaded whole.
 *
 * <p>The chain is read through {@link ChainCursors}, two ordered queries read side by side: the blocks (with the
 * checkpoint signed after each) by shard and height, an index scan of the primary key, and the transactions by shard,
 * height and leaf index, an index scan of {@code ledger_tx_by_block}; each transaction row is matched to its block as
 * both are read. A single join of the two would repeat every block's columns on each of its rows and, for a large
 * ledger, be sorted on disk. The transaction sets {@code random_page_cost = 1.1}, so that the planner walks these
 * indexes, which hold the rows in the order wanted and in nearly the order they were written, rather than sort whole
 * tables (PostgreSQL's default of 4 is meant for spinning disks). Both cursors ask for PostgreSQL's binary format, so a
 * {@code bytea} arrives as its bytes rather than as hex text. A transaction row that no block holds is a failure,
 * {@code TransactionWithoutBlock}: it is in no chain, so no check above would cover it.
 *
 * <p>The thread that reads (the one holding the transaction's connection) hands each block on to a second thread that
 * verifies the blocks in the order read, so that reading and verifying overlap ({@code Pipeline}); the failure
 * reported is still the first in chain order.
 *
 * <p>Checkpoints are checked twice. As the walk goes, each block's own checkpoint (its epoch's) must verify
 * with a trusted key and state the block's shard at exactly the size and root recomputed up to that block; this
 * catches an edited or swapped checkpoint anywhere in history, which proofs are served against. A checkpoint covers
 * every shard, but the walk only knows the shards it has seen so far, so the other entries are checked once, at the
 * end: the latest checkpoint must state every walked shard at its recomputed size and root
 * ({@link ChainVerifier#verifyCheckpoint}). Within the snapshot that checkpoint is the one committed with the latest
 * block, after which no shard grew, so every shard's size must match it. Last, the stored Merkle nodes each shard's
 * tip rests on (its frontier, what every later block and proof builds on) must hash to the recomputed root.
 *
 * <p>Public, with {@link #verify()}, only so that the verify benchmark (bench) can measure this class itself.
 */
@Component
public class ChainAudit {

    /** Blocks read but not yet verified: enough to keep both threads busy, few enough to bound memory. */
    static final int BLOCKS_IN_FLIGHT = 4;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final NodeKey key;
    private final MerkleNodeStore nodes;

    ChainAudit(DataSource dataSource, PlatformTransactionManager transactionManager, NodeKey key, MerkleNodeStore nodes) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.key = key;
        this.nodes = nodes;
    }

    /** Re-verifies the whole ledger from genesis: valid with the counts, or the first failure found. */
    public Verification verify() {
        var verifier = new ChainVerifier(key::signer, key.genesisHash());
        var checks = new BlockChecks(verifier, key.trustedKeys());
        try {
            return readOnly.execute(status -> {
                jdbc.execute((ConnectionCallback<Void>) connection -> {
                    try (var pipeline = new Pipeline(checks)) {
                        readChain(connection, new BlockAssembler(pipeline));
                        pipeline.finish();
                    }
                    return null;
                });
                verifyLatestCheckpoint(verifier, checks);
                Verification.Invalid invalid = verifyStoredLogs(verifier, checks.tips);
                return invalid != null ? invalid : new Verification.Valid(verifier.blocksVerified(),
                        verifier.transactionsVerified(), checks.checkpoints);
            });
        } catch (LedgerInvalid failure) {
            return Verification.Invalid.of(failure);
        } catch (CheckpointNotVerified failure) {
            return Verification.Invalid.of(failure.shard(), failure.height(), failure.invalid());
        } catch (TransactionWithoutBlock failure) {
            return Verification.Invalid.of(failure);
        }
    }

    /** Every block, in shard and height order, with its transactions in leaf order, into the assembler. */
    private static void readChain(Connection connection, BlockAssembler assembler) throws SQLException {
        try (ChainCursors cursors = ChainCursors.open(connection)) {
            ResultSet block = cursors.blocks();
            ResultSet tx = cursors.transactions();
            boolean txLeft = tx.next();
            while (block.next()) {
                int shard = block.getInt("shard");
                long height = block.getLong("height");
                assembler.block(block);
                while (txLeft) {
                    int txShard = tx.getInt(1);
                    long txHeight = tx.getLong(2);
                    int order = txShard != shard ? Integer.compare(txShard, shard) : Long.compare(txHeight, height);
                    if (order > 0) {
                        break;
                    }
                    if (order < 0) {
                        assembler.withoutBlock(TransactionWithoutBlock.at(tx));
                        return;
                    }
                    assembler.transaction(tx.getBytes(5), tx.getBytes(4));
                    txLeft = tx.next();
                }
            }
            assembler.flush();
            if (txLeft) {
                assembler.withoutBlock(TransactionWithoutBlock.at(tx));
            }
        }
    }

    /** The latest checkpoint must state every walked shard at its recomputed size and root. */
    private void verifyLatestCheckpoint(ChainVerifier verifier, BlockChecks checks) {
        List<Map<String, Object>> latest = jdbc.queryForList(
                "SELECT shard, height, note FROM checkpoint ORDER BY id DESC LIMIT 1");
        if (latest.isEmpty()) {
            return;
        }
        int shard = ((Number) latest.getFirst().get("shard")).intValue();
        long height = ((Number) latest.getFirst().get("height")).longValue();
        Checkpoint checkpoint = checks.verified((String) latest.getFirst().get("note"), shard, height);
        verifier.verifyCheckpoint(checkpoint);
        checks.checkpoints++;
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

    /** A block as read, with the checkpoint note stored after it (null if none). */
    private record ReadBlock(StoredBlock block, String note) {
    }

    /**
     * Gathers one block's row and then its transactions' rows, and hands the block on when the next block starts, and
     * at the end.
     */
    private static final class BlockAssembler {

        private final Pipeline next;
        private StoredBlock current;
        private String note;
        private List<StoredBlock.StoredTransaction> transactions = new ArrayList<>();

        BlockAssembler(Pipeline next) {
            this.next = next;
        }

        /** The next block starts, from the current row of the block query. */
        void block(ResultSet rs) throws SQLException {
            flush();
            current = new StoredBlock(BlockRow.header(rs), Hex.of(rs.getBytes("hash")), rs.getString("signer"),
                    Base64.getEncoder().encodeToString(rs.getBytes("signature")), List.of());
            note = rs.getString("note");
        }

        /** The next transaction of the current block. */
        void transaction(byte[] canonicalJson, byte[] txHash) {
            transactions.add(new StoredBlock.StoredTransaction(canonicalJson, Hex.of(txHash)));
        }

        /** Hands on the current block, if any. */
        void flush() {
            if (current == null) {
                return;
            }
            var block = new StoredBlock(current.header(), current.blockHash(), current.signer(), current.signature(),
                    Collections.unmodifiableList(transactions));
            next.add(new ReadBlock(block, note));
            current = null;
            note = null;
            transactions = new ArrayList<>(block.transactions().size());
        }

        /**
         * Hands on the failure found while reading, a transaction row that names no stored block, after the blocks
         * before it (not the current one, whose rows come after it).
         */
        void withoutBlock(TransactionWithoutBlock failure) {
            next.add(failure);
        }
    }

    /**
     * The checks of one block, in chain order: the block itself by the verifier, then the checkpoint signed after it
     * against its shard's recomputed log.
     */
    private static final class BlockChecks {

        private final ChainVerifier verifier;
        private final List<Ed25519.VerifyingKey> trusted;
        /** The latest height verified of every shard. */
        private final Map<Integer, Long> tips = new HashMap<>();
        private long checkpoints;

        BlockChecks(ChainVerifier verifier, List<Ed25519.VerifyingKey> trusted) {
            this.verifier = verifier;
            this.trusted = trusted;
        }

        void verify(ReadBlock read) {
            BlockHeader header = read.block().header();
            verifier.verify(read.block());
            tips.put(header.shard(), header.height());
            if (read.note() != null) {
                verifier.verifyCheckpoint(verified(read.note(), header.shard(), header.height()), header.shard());
                checkpoints++;
            }
        }

        Checkpoint verified(String note, int shard, long height) {
            try {
                return BundleVerifier.verifiedCheckpoint(note, trusted);
            } catch (CheckpointInvalid invalid) {
                throw new CheckpointNotVerified(shard, height, invalid);
            }
        }
    }

    /**
     * Verifying overlapped with reading: the blocks read are checked on a second thread, in the order read, at most
     * {@value #BLOCKS_IN_FLIGHT} behind, while the reading thread (the one holding the transaction's connection) goes
     * on fetching and decoding rows. Reading alone leaves a processor idle whenever the reader waits for PostgreSQL;
     * verifying alone is mostly SHA-256. The first failure, in chain order, is the one reported, as if one thread did
     * both: after it the verifier only drains what is handed on, and the reader stops at its next block.
     */
    private static final class Pipeline implements AutoCloseable {

        private static final Object END = new Object();

        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(BLOCKS_IN_FLIGHT);
        private final Thread thread;
        private volatile RuntimeException failure;
        private boolean ended;

        Pipeline(BlockChecks checks) {
            thread = Thread.ofPlatform().name("chain-audit-verifier").daemon().start(() -> run(checks));
        }

        /** Hands on a block, or a failure found while reading; throws the verifier's first failure, if any. */
        void add(Object item) {
            throwIfFailed();
            put(item);
        }

        /** Waits until everything handed on is checked; throws the first failure, if any. */
        void finish() {
            close();
            throwIfFailed();
        }

        /** Lets the verifier finish (it drains whatever is left) and waits for it. */
        @Override
        public void close() {
            if (!ended) {
                ended = true;
                put(END);
            }
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the chain audit's verifier", e);
            }
        }

        private void run(BlockChecks checks) {
            try {
                for (Object item = queue.take(); item != END; item = queue.take()) {
                    if (failure != null) {
                        continue;
                    }
                    try {
                        switch (item) {
                            case ReadBlock block -> checks.verify(block);
                            case TransactionWithoutBlock withoutBlock -> throw withoutBlock;
                            default -> throw new IllegalStateException("not a block: " + item);
                        }
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                }
            } catch (InterruptedException e) {
                failure = new IllegalStateException("the chain audit's verifier was interrupted", e);
            }
        }

        private void put(Object item) {
            try {
                queue.put(item);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the chain", e);
            }
        }

        private void throwIfFailed() {
            RuntimeException first = failure;
            if (first != null) {
                throw first;
            }
        }
    }
}
