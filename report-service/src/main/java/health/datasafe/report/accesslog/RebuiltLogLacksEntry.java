package health.datasafe.report.accesslog;

import health.datasafe.kit.rebuild.RebuildRefused;

/**
 * An access log rebuilt by replay lacks entries the live one has ({@code missing} of them): the first, in commit
 * order, is transaction {@code transactionId}, committed in block {@code height} of {@code shard}.
 */
public class RebuiltLogLacksEntry extends RebuildRefused {

    private final String transactionId;
    private final int shard;
    private final long height;
    private final long missing;

    RebuiltLogLacksEntry(String transactionId, int shard, long height, long missing) {
        super("the rebuilt access log lacks %d entr%s of the live one, the first: transaction %s of shard %d, block %d"
                .formatted(missing, missing == 1 ? "y" : "ies", transactionId, shard, height));
        this.transactionId = transactionId;
        this.shard = shard;
        this.height = height;
        this.missing = missing;
    }

    public String transactionId() {
        return transactionId;
    }

    public int shard() {
        return shard;
    }

    public long height() {
        return height;
    }

    public long missing() {
        return missing;
    }
}
