package health.datasafe.ledger.block;

/** A shard's log cannot be rebuilt: the committed transaction at this leaf index is not stored. */
final class LogLeafMissing extends RuntimeException {

    private final int shard;
    private final long leafIndex;
    private final long logSize;

    LogLeafMissing(int shard, long leafIndex, long logSize) {
        super("shard %d has log size %d but no committed transaction at leaf %d".formatted(shard, logSize, leafIndex));
        this.shard = shard;
        this.leafIndex = leafIndex;
        this.logSize = logSize;
    }

    int shard() {
        return shard;
    }

    long leafIndex() {
        return leafIndex;
    }

    long logSize() {
        return logSize;
    }
}
