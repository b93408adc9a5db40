package health.datasafe.ledger.block;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The outbox: after a block's database transaction committed, announces it as {@link BlockCommitted} on
 * {@link Topics#LEDGER_BLOCKS}, keyed by shard number, then marks it published. A block whose announcement failed, or
 * whose node stopped in between, stays unpublished and is announced again later, so delivery is at least once.
 */
@Component
class BlockPublisher {

    private static final Logger log = LoggerFactory.getLogger(BlockPublisher.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);
    private static final int BACKLOG_PAGE = 50;

    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final LedgerStore store;

    BlockPublisher(KafkaTemplate<String, byte[]> kafka, JsonMapper json, LedgerStore store) {
        this.kafka = kafka;
        this.json = json;
        this.store = store;
    }

    /** Publishes the blocks in order and marks those that made it; true if all did. */
    boolean publish(List<BlockCommitted> blocks) {
        var sends = new ArrayList<CompletableFuture<SendResult<String, byte[]>>>(blocks.size());
        for (BlockCommitted block : blocks) {
            sends.add(kafka.send(Topics.LEDGER_BLOCKS, Integer.toString(block.header().shard()),
                    json.writeValueAsBytes(block)));
        }
        var published = new ArrayList<BlockHeader>(blocks.size());
        boolean all = true;
        for (int i = 0; i < blocks.size(); i++) {
            BlockHeader header = blocks.get(i).header();
            try {
                sends.get(i).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                published.add(header);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                all = false;
                break;
            } catch (ExecutionException | TimeoutException e) {
                log.warn("Block {} of shard {} is committed but not yet announced on {}: {}", header.height(),
                        header.shard(), Topics.LEDGER_BLOCKS, e.toString());
                all = false;
            }
        }
        store.markPublished(published);
        return all;
    }

    /** Publishes every block still marked unpublished, oldest first; true if none is left. */
    boolean publishBacklog() {
        int total = 0;
        while (true) {
            List<BlockCommitted> page = store.unpublished(BACKLOG_PAGE);
            if (page.isEmpty()) {
                if (total > 0) {
                    log.info("Announced {} committed blocks that were not yet on {}", total, Topics.LEDGER_BLOCKS);
                }
                return true;
            }
            if (!publish(page)) {
                return false;
            }
            total += page.size();
        }
    }
}
