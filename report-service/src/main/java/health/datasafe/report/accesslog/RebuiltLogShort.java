package health.datasafe.report.accesslog;

import health.datasafe.kit.rebuild.RebuildRefused;

/**
 * An access log rebuilt by replay does not reach a signed checkpoint: the checkpoint states {@code expected}
 * transactions in {@code shard}'s log, the replayed blocks of that shard reach {@code seen}.
 */
public class RebuiltLogShort extends RebuildRefused {

    private final int shard;
    private final long expected;
    private final long seen;

    RebuiltLogShort(int shard, long expected, long seen) {
        super("shard %d: the checkpoint states a log of %d transactions, the replayed blocks reach %d"
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
