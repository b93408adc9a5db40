package health.datasafe.integrity;

/**
 * A newer checkpoint cannot follow an older one of the same ledger: a shard's log shrank, changed its root at the same
 * size, or the consistency proof between the two sizes does not hold. Evidence of a rewritten log (or of a split view),
 * which a witness refuses to cosign and keeps.
 */
public final class CheckpointsInconsistent extends RuntimeException {

    private final int shard;
    private final long oldSize;
    private final long newSize;
    private final String why;

    public CheckpointsInconsistent(int shard, long oldSize, long newSize, String why) {
        super("shard %d from size %d to %d: %s".formatted(shard, oldSize, newSize, why));
        this.shard = shard;
        this.oldSize = oldSize;
        this.newSize = newSize;
        this.why = why;
    }

    /** The same finding, with more said about it (where its evidence was kept, say). */
    public CheckpointsInconsistent adding(String more) {
        return new CheckpointsInconsistent(shard, oldSize, newSize, why + "; " + more);
    }

    public int shard() {
        return shard;
    }

    public long oldSize() {
        return oldSize;
    }

    public long newSize() {
        return newSize;
    }
}
