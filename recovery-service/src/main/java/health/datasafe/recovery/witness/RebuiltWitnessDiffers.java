package health.datasafe.recovery.witness;

import health.datasafe.kit.rebuild.RebuildRefused;

/**
 * A witness copy rebuilt by replay lacks a block the live one holds, or holds it with another hash: block
 * {@code height} of {@code shard} was witnessed with hash {@code expected}, the rebuilt copy has {@code actual} (null:
 * none); {@code differing} blocks differ in all.
 */
public class RebuiltWitnessDiffers extends RebuildRefused {

    private final int shard;
    private final long height;
    private final String expected;
    private final String actual;
    private final long differing;

    RebuiltWitnessDiffers(int shard, long height, String expected, String actual, long differing) {
        super("shard %d, block %d: the live witness copy holds hash %s, the rebuilt one %s (%d block(s) differ)"
                .formatted(shard, height, expected, actual == null ? "no such block" : actual, differing));
        this.shard = shard;
        this.height = height;
        this.expected = expected;
        this.actual = actual;
        this.differing = differing;
    }

    public int shard() {
        return shard;
    }

    public long height() {
        return height;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }

    public long differing() {
        return differing;
    }
}
