package health.datasafe.kit.rebuild;

/**
 * What a replay rebuilt does not reach a signed checkpoint: the checkpoint states {@code expected} transactions in
 * {@code shard}'s log, the blocks the rebuild accepted reach {@code reached}.
 */
public class RebuiltLogShort extends RebuildRefused {

    private final int shard;
    private final long expected;
    private final long reached;

    public RebuiltLogShort(int shard, long expected, long reached) {
        super("shard %d: the checkpoint states a log of %d transactions, the replayed blocks reach %d"
                .formatted(shard, expected, reached));
        this.shard = shard;
        this.expected = expected;
        this.reached = reached;
    }

    public int shard() {
        return shard;
    }

    public long expected() {
        return expected;
    }

    public long reached() {
        return reached;
    }
}
