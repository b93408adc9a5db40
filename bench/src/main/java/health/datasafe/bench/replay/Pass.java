package health.datasafe.bench.replay;

/**
 * One timed pass over the whole topic or ledger: a plain consume, a plain insert, or a replay.
 *
 * @param seconds               wall-clock time of the pass
 * @param transactions          transactions it read, inserted or replayed
 * @param transactionsPerSecond {@code transactions / seconds}
 */
public record Pass(double seconds, long transactions, double transactionsPerSecond) {

    static Pass of(long nanos, long transactions) {
        double seconds = nanos / 1e9;
        return new Pass(seconds, transactions, transactions / seconds);
    }
}
