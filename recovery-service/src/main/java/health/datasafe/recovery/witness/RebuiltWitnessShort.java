package health.datasafe.recovery.witness;

import health.datasafe.kit.rebuild.RebuildRefused;

/**
 * A witness copy rebuilt by replay does not reach a signed checkpoint: the checkpoint states {@code expected}
 * transactions in {@code shard}'s log, the replayed blocks the witness accepted reach {@code seen}.
 */
public class RebuiltWitnessShort extends RebuildRefused {

    private final int shard;
    private final long expected;
    private final long seen;

    RebuiltWitnessShort(int shard, long expected, long seen) {
        super("shard %d: the checkpoint states a log of %d transactions, the replayed blocks the witness accepted reach %d"
                .formatted(shard, expected, seen));
        this.shard = shard;
        this.expected = expected;
        this.seen = seen;
    }

    public int shard() {
        return shard;
    }

    public long expected() {
        return expected;
    }

    public long seen() {
        return seen;
    }
}
