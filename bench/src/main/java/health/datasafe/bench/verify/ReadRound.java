package health.datasafe.bench.verify;

/**
 * One timed pass over the whole ledger, either a plain scan or a ChainAudit verification.
 *
 * @param seconds               wall-clock time of the pass
 * @param blocks                blocks read (and verified)
 * @param transactions          transactions read (and verified)
 * @param transactionsPerSecond {@code transactions / seconds}
 * @param blocksPerSecond       {@code blocks / seconds}
 */
public record ReadRound(double seconds, long blocks, long transactions, double transactionsPerSecond,
                        double blocksPerSecond) {

    static ReadRound of(long nanos, long blocks, long transactions) {
        double seconds = nanos / 1e9;
        return new ReadRound(seconds, blocks, transactions, transactions / seconds, blocks / seconds);
    }
}
