package health.datasafe.bench.verify;

/**
 * Where the time of one verifying pass goes, from one extra pass with each step of ChainVerifier timed on its own
 * (shards one after the other, one thread), in seconds and in microseconds per transaction.
 *
 * @param seconds                       the whole pass
 * @param transactions                  transactions in the pass
 * @param readAndAssembleSeconds        reading the rows and building blocks as the verifier takes them (hex, base64)
 * @param txHashSeconds                 SHA-256 of every canonical JSON, to hex, compared with the stored tx hash
 * @param leafHashSeconds               the RFC 9162 leaf hash of every tx hash
 * @param merkleRootSeconds             every block's Merkle root from its leaf hashes
 * @param headerHashSeconds             canonical JSON and SHA-256 of every block header
 * @param signatureSeconds              Ed25519 verification of every block's signature
 * @param logSeconds                    appending every leaf to the shard's log frontier
 * @param microsPerTransaction          {@code seconds} per transaction, in µs
 * @param readMicrosPerTransaction      reading and assembling, µs per transaction
 * @param txHashMicrosPerTransaction    tx rehash, µs per transaction
 * @param leafHashMicrosPerTransaction  leaf hashes, µs per transaction
 * @param merkleRootMicrosPerTransaction Merkle roots, µs per transaction
 * @param headerMicrosPerTransaction    header hashes, µs per transaction
 * @param signatureMicrosPerTransaction block signatures, µs per transaction
 * @param logMicrosPerTransaction       log frontier, µs per transaction
 */
public record Breakdown(double seconds, long transactions, double readAndAssembleSeconds, double txHashSeconds,
                        double leafHashSeconds, double merkleRootSeconds, double headerHashSeconds,
                        double signatureSeconds, double logSeconds, double microsPerTransaction,
                        double readMicrosPerTransaction, double txHashMicrosPerTransaction,
                        double leafHashMicrosPerTransaction, double merkleRootMicrosPerTransaction,
                        double headerMicrosPerTransaction, double signatureMicrosPerTransaction,
                        double logMicrosPerTransaction) {

    static Breakdown of(long totalNanos, long transactions, long txHashNanos, long leafNanos, long merkleNanos,
                        long headerNanos, long signatureNanos, long logNanos) {
        long readNanos = totalNanos - txHashNanos - leafNanos - merkleNanos - headerNanos - signatureNanos - logNanos;
        double perTx = transactions == 0 ? 0 : 1e-3 / transactions;
        return new Breakdown(totalNanos / 1e9, transactions, readNanos / 1e9, txHashNanos / 1e9, leafNanos / 1e9,
                merkleNanos / 1e9, headerNanos / 1e9, signatureNanos / 1e9, logNanos / 1e9, totalNanos * perTx,
                readNanos * perTx, txHashNanos * perTx, leafNanos * perTx, merkleNanos * perTx, headerNanos * perTx,
                signatureNanos * perTx, logNanos * perTx);
    }
}
