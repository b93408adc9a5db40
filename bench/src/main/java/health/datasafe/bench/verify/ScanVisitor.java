package health.datasafe.bench.verify;

import java.time.OffsetDateTime;

/**
 * The plain scan: takes every value {@link ChainRows} reads and does nothing more with it. The reading itself (every
 * column's bytes fetched, decoded and counted) is the work measured.
 */
final class ScanVisitor implements ChainRows.Visitor {

    private long checksum;

    @Override
    public void block(int shard, long height, byte[] hash, byte[] previousHash, byte[] merkleRoot, int txCount,
                      long logSize, OffsetDateTime timestamp, String signer, byte[] signature) {
        checksum += hash[0] + previousHash[0] + merkleRoot[0] + signature[0] + timestamp.getNano();
    }

    @Override
    public void transaction(long leafIndex, byte[] txHash, byte[] canonicalJson) {
        checksum += txHash[0] + canonicalJson.length;
    }

    @Override
    public void end() {
    }

    /** A value depending on the data read, so that nothing read can be optimised away. */
    long checksum() {
        return checksum;
    }
}
