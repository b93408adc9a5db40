package health.datasafe.kit.kafka;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.Topics;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The blocks of {@link Topics#LEDGER_BLOCKS} a reader acted on lately, by shard, height and block hash, so that the
 * same block announced by another ledger node is not read again: with three nodes every block arrives three times,
 * and reading a copy costs as much as reading the block. A record whose {@link Topics#BLOCK_HEADER} names a block
 * remembered here is such a copy ({@link #actedOnNamed}); the header is only a name, so a record without one, or
 * naming a block not remembered, is read whole, and only a block that was read, verified and acted on is
 * {@link #remember}ed. About {@value #REMEMBERED} blocks are kept: minutes of blocks from every node.
 */
public final class BlockCopies {

    static final int REMEMBERED = 4096;

    private final Map<String, Boolean> actedOn = Collections.synchronizedMap(
            new LinkedHashMap<>(REMEMBERED, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > REMEMBERED;
                }
            });

    /** What {@link Topics#BLOCK_HEADER} holds for this block: {@code shard/height/blockHash}. */
    public static String name(BlockCommitted block) {
        return block.header().shard() + "/" + block.header().height() + "/" + block.blockHash();
    }

    /** Whether the record's {@link Topics#BLOCK_HEADER} names a block acted on lately. */
    public boolean actedOnNamed(Headers headers) {
        Header named = headers.lastHeader(Topics.BLOCK_HEADER);
        return named != null && named.value() != null
                && actedOn.containsKey(new String(named.value(), StandardCharsets.UTF_8));
    }

    /** Whether this block (its shard, height and hash) was acted on lately. */
    public boolean actedOn(BlockCommitted block) {
        return actedOn.containsKey(name(block));
    }

    /** Remembers a block that was read, verified and acted on. */
    public void remember(BlockCommitted block) {
        actedOn.put(name(block), Boolean.TRUE);
    }
}
