package health.datasafe.kit.kafka;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The blocks of {@link Topics#LEDGER_BLOCKS} a reader acted on lately, by shard, height and block hash, so that the
 * same block announced by another ledger node is not read again: with three nodes every block arrives three times,
 * and reading a copy costs as much as reading the block. A record whose {@link Topics#BLOCK_HEADER} names a block
 * remembered here is such a copy and is skipped unread ({@link #actOnFirstCopy}); the header is only a name, so a
 * record without one, or naming a block not remembered, is read whole, and a block is remembered by what it says,
 * once it was read and acted on. About {@value #REMEMBERED} blocks are kept: minutes of blocks from every node.
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

    /**
     * Acts on the record's block unless it is a copy of one acted on lately: skipped unread when its
     * {@link Topics#BLOCK_HEADER} names such a block, otherwise as {@link #actOnFirstCopy(byte[], Function, Consumer)}.
     */
    public void actOnFirstCopy(ConsumerRecord<?, byte[]> record, Function<byte[], BlockCommitted> read,
                               Consumer<BlockCommitted> act) {
        Header named = record.headers().lastHeader(Topics.BLOCK_HEADER);
        if (named == null || named.value() == null
                || !actedOn.containsKey(new String(named.value(), StandardCharsets.UTF_8))) {
            actOnFirstCopy(record.value(), read, act);
        }
    }

    /**
     * {@code read}s the block, and {@code act}s on it unless a block of the same shard, height and hash was acted on
     * lately; remembers it once {@code act} returned, so a redelivery after a failed act acts again.
     */
    public void actOnFirstCopy(byte[] value, Function<byte[], BlockCommitted> read, Consumer<BlockCommitted> act) {
        BlockCommitted block = read.apply(value);
        String name = name(block);
        if (actedOn.containsKey(name)) {
            return;
        }
        act.accept(block);
        actedOn.put(name, Boolean.TRUE);
    }
}
