package health.datasafe.ledger.block;

import health.datasafe.kit.rebuild.RebuildRefused;

/**
 * A ledger rebuilt by replay does not reach what a signed checkpoint states: the rebuilt log of {@code shard} at
 * {@code size} has root {@code actual}, the checkpoint states {@code expected}; {@code height} is the rebuilt block
 * whose log reaches that size (-1 if the rebuilt log is shorter, then {@code actual} names the rebuilt size).
 */
public class RebuiltLogDiffers extends RebuildRefused {

    private final int shard;
    private final long height;
    private final long size;
    private final String expected;
    private final String actual;

    RebuiltLogDiffers(int shard, long height, long size, String expected, String actual) {
        super(height < 0
                ? "shard %d: the checkpoint states %d transactions with root %s, the rebuilt log has %s"
                        .formatted(shard, size, expected, actual)
                : "shard %d, block %d: the checkpoint states root %s at size %d, the rebuilt log has %s"
                        .formatted(shard, height, expected, size, actual));
        this.shard = shard;
        this.height = height;
        this.size = size;
        this.expected = expected;
        this.actual = actual;
    }

    public int shard() {
        return shard;
    }

    public long height() {
        return height;
    }

    public long size() {
        return size;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
