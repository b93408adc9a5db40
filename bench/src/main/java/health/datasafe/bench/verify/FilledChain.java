package health.datasafe.bench.verify;

/**
 * The synthetic ledger the benchmark reads.
 *
 * @param transactions        rows in {@code ledger_tx}
 * @param blocks              rows in {@code block}
 * @param shards              independent chains
 * @param blockSize           transactions per block (the last block of a shard may hold fewer)
 * @param canonicalBytes      total size of the stored canonical JSON of all transactions
 * @param averageTxBytes      {@code canonicalBytes / transactions}
 * @param seconds             how long generating, signing and inserting took (not part of any figure)
 */
public record FilledChain(long transactions, long blocks, int shards, int blockSize, long canonicalBytes,
                          double averageTxBytes, double seconds) {
}
