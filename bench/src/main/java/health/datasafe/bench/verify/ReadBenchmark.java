package health.datasafe.bench.verify;

import health.datasafe.integrity.ChainVerifier;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.LedgerInvalid;
import health.datasafe.integrity.StoredBlock;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Timed passes over the ledger through {@link ChainRows}, the same read path for both kinds: a plain scan, and a full
 * verification with one {@link ChainVerifier} per shard. Shards are independent chains, so both kinds read and handle
 * them in parallel, {@code threads} at a time, each shard on its own connection (kept open across passes); a
 * verification also overlaps each shard's reading with its verifying.
 */
final class ReadBenchmark implements AutoCloseable {

    /** Blocks read but not yet verified, per shard: enough to keep both threads busy, few enough to bound memory. */
    static final int BLOCKS_IN_FLIGHT = 4;

    private final int fetchSize;
    private final Function<String, Ed25519.VerifyingKey> signers;
    private final List<Connection> connections = new ArrayList<>();
    private final ExecutorService pool;
    private final ExecutorService verifiers;
    /** Where the scan's checksums go, so the values it reads are used. */
    private final AtomicLong sink = new AtomicLong();

    ReadBenchmark(LedgerDatabase database, int shards, int threads, int fetchSize,
                  Function<String, Ed25519.VerifyingKey> signers) throws SQLException {
        this.fetchSize = fetchSize;
        this.signers = signers;
        try {
            for (int shard = 0; shard < shards; shard++) {
                connections.add(database.connect());
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
        this.pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("bench-shard-", 0).factory());
        this.verifiers = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("bench-verifier-", 0).factory());
    }

    /** Reads every row of every shard, doing nothing with the values. */
    ReadRound scan() throws SQLException, InterruptedException {
        long start = System.nanoTime();
        List<ShardPass> passes = everyShard(shard -> {
            long began = System.nanoTime();
            var visitor = new ScanVisitor();
            ChainRows.Count count = ChainRows.read(connections.get(shard), shard, fetchSize, visitor);
            sink.addAndGet(visitor.checksum());
            return new ShardPass(count, 0, System.nanoTime() - began);
        });
        return round(System.nanoTime() - start, passes);
    }

    /**
     * Reads every row of every shard and verifies every block; throws the first {@link LedgerInvalid} found. Within a
     * shard, reading and verifying overlap: the shard's thread reads rows and builds blocks, a second thread verifies
     * them, with at most {@link #BLOCKS_IN_FLIGHT} blocks between the two.
     */
    ReadRound verify() throws SQLException, InterruptedException {
        long start = System.nanoTime();
        List<ShardPass> passes = everyShard(shard -> {
            long began = System.nanoTime();
            var verification = new ShardVerification(signers);
            Future<?> verifying = verifiers.submit(verification::run);
            ChainRows.Count count;
            try {
                count = ChainRows.read(connections.get(shard), shard, fetchSize, new BlockAssembler(verification::add));
            } finally {
                verification.finish();
            }
            try {
                verifying.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the verifier thread of shard " + shard + " failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while verifying shard " + shard, e);
            }
            verification.throwIfInvalid();
            if (verification.transactions != count.transactions() || verification.blocks != count.blocks()) {
                throw new IllegalStateException("shard %d: read %d blocks and %d transactions, verified %d and %d"
                        .formatted(shard, count.blocks(), count.transactions(), verification.blocks,
                                verification.transactions));
            }
            return new ShardPass(count, verification.verifierNanos, System.nanoTime() - began);
        });
        return round(System.nanoTime() - start, passes);
    }

    /**
     * The verifying half of one shard's pass: takes the blocks the reading thread adds and hands them to a
     * {@link ChainVerifier}. After a failure it only drains the queue, so the reader never waits on it, and the reader
     * stops at its next block.
     */
    private static final class ShardVerification {

        private static final StoredBlock END = new StoredBlock(null, null, null, null, List.of());

        private final ChainVerifier verifier;
        private final BlockingQueue<StoredBlock> queue = new ArrayBlockingQueue<>(BLOCKS_IN_FLIGHT);
        private volatile LedgerInvalid invalid;
        // written by the verifier thread, read after its future has completed
        private long verifierNanos;
        private long blocks;
        private long transactions;

        ShardVerification(Function<String, Ed25519.VerifyingKey> signers) {
            this.verifier = new ChainVerifier(signers);
        }

        /** Called by the reading thread for each block, in order. */
        void add(StoredBlock block) {
            if (invalid != null) {
                throw invalid;
            }
            put(block);
        }

        /** Called by the reading thread once, when it has stopped for whatever reason. */
        void finish() {
            put(END);
        }

        private void put(StoredBlock block) {
            try {
                queue.put(block);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading", e);
            }
        }

        void run() {
            try {
                for (StoredBlock block = queue.take(); block != END; block = queue.take()) {
                    if (invalid != null) {
                        continue;
                    }
                    long began = System.nanoTime();
                    try {
                        verifier.verify(block);
                    } catch (LedgerInvalid e) {
                        invalid = e;
                    } finally {
                        verifierNanos += System.nanoTime() - began;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            blocks = verifier.blocksVerified();
            transactions = verifier.transactionsVerified();
        }

        void throwIfInvalid() {
            if (invalid != null) {
                throw invalid;
            }
        }
    }

    /** How PostgreSQL runs the read path's queries, for shard 0. */
    List<String> plan() throws SQLException {
        return ChainRows.plan(connections.getFirst(), 0);
    }

    /** One verifying pass with each step timed on its own, shards one after the other on this thread. */
    Breakdown profile() throws SQLException {
        long start = System.nanoTime();
        long txHash = 0;
        long leaf = 0;
        long merkle = 0;
        long log = 0;
        long header = 0;
        long signature = 0;
        long transactions = 0;
        for (int shard = 0; shard < connections.size(); shard++) {
            var visitor = new ProfilingVisitor(signers);
            transactions += ChainRows.read(connections.get(shard), shard, fetchSize, visitor).transactions();
            if (visitor.mismatches() > 0) {
                throw new IllegalStateException("shard " + shard + " does not verify in the profiling pass");
            }
            txHash += visitor.txHashNanos();
            leaf += visitor.leafNanos();
            merkle += visitor.merkleNanos();
            log += visitor.logNanos();
            header += visitor.headerNanos();
            signature += visitor.signatureNanos();
        }
        return Breakdown.of(System.nanoTime() - start, transactions, txHash, leaf, merkle, header, signature, log);
    }

    private record ShardPass(ChainRows.Count count, long verifierNanos, long nanos) {
    }

    @FunctionalInterface
    private interface ShardTask {
        ShardPass run(int shard) throws SQLException;
    }

    private List<ShardPass> everyShard(ShardTask task) throws SQLException, InterruptedException {
        List<Future<ShardPass>> futures = new ArrayList<>();
        for (int shard = 0; shard < connections.size(); shard++) {
            int s = shard;
            futures.add(pool.submit((Callable<ShardPass>) () -> task.run(s)));
        }
        List<ShardPass> passes = new ArrayList<>();
        Throwable failure = null;
        for (Future<ShardPass> future : futures) {
            try {
                passes.add(future.get());
            } catch (ExecutionException e) {
                // the first shard's failure in shard order, after every shard has finished with its connection
                if (failure == null) {
                    failure = e.getCause();
                }
            }
        }
        switch (failure) {
            case null -> {
                return passes;
            }
            case LedgerInvalid invalid -> throw invalid;
            case SQLException sql -> throw sql;
            case RuntimeException runtime -> throw runtime;
            default -> throw new IllegalStateException(failure);
        }
    }

    private static ReadRound round(long nanos, List<ShardPass> passes) {
        ChainRows.Count count = ChainRows.Count.NONE;
        long verifier = 0;
        long thread = 0;
        for (ShardPass pass : passes) {
            count = count.plus(pass.count());
            verifier += pass.verifierNanos();
            thread += pass.nanos();
        }
        return ReadRound.of(nanos, count, verifier, thread);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
            verifiers.close();
        }
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing at the end of the run; nothing left to do with it
            }
        }
    }
}
