package health.datasafe.bench.verify;

/**
 * One timed pass over every shard of the ledger, either a plain scan or a full verification.
 *
 * @param seconds               wall-clock time of the pass, all shards together
 * @param rows                  rows of the join read
 * @param blocks                blocks read
 * @param transactions          transactions read
 * @param bytes                 bytes of column data read (hashes, signatures, signers, canonical JSON)
 * @param transactionsPerSecond {@code transactions / seconds}
 * @param blocksPerSecond       {@code blocks / seconds}
 * @param megabytesPerSecond    {@code bytes / 10^6 / seconds}
 * @param verifierSeconds       time spent inside {@code ChainVerifier.verify}, summed over the shards; 0 for a scan
 * @param threadSeconds         time each shard took from its first read to its last verified block, summed over the
 *                              shards (more than {@code seconds} when shards run in parallel)
 */
public record ReadRound(double seconds, long rows, long blocks, long transactions, long bytes,
                        double transactionsPerSecond, double blocksPerSecond, double megabytesPerSecond,
                        double verifierSeconds, double threadSeconds) {

    static ReadRound of(long nanos, ChainRows.Count count, long verifierNanos, long threadNanos) {
        double seconds = nanos / 1e9;
        return new ReadRound(seconds, count.rows(), count.blocks(), count.transactions(), count.bytes(),
                count.transactions() / seconds, count.blocks() / seconds, count.bytes() / 1e6 / seconds,
                verifierNanos / 1e9, threadNanos / 1e9);
    }
}
