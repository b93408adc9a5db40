package health.datasafe.ledger.block;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.BlockHeader;
import health.datasafe.contracts.BlockSigned;
import health.datasafe.contracts.CheckpointSigned;
import health.datasafe.contracts.Topics;
import health.datasafe.ledger.fork.ForkWatch;
import health.datasafe.ledger.node.NodeKey;
import health.datasafe.kit.kafka.BlockCopies;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The outbox: after a block's database transaction committed, announces it as {@link BlockCommitted} on
 * {@link Topics#LEDGER_BLOCKS}, keyed by shard number and named in its {@link Topics#BLOCK_HEADER}, this node's
 * signature of it as {@link BlockSigned} on
 * {@link Topics#LEDGER_SIGNATURES} (a block counts as published once both are acknowledged; a node on a fork,
 * {@link ForkWatch#forked()}, sends nothing and its blocks stay unpublished), and its checkpoint as {@link CheckpointSigned} on
 * {@link Topics#LEDGER_CHECKPOINTS}, keyed by origin, then marks each published. The blocks of one epoch share one
 * checkpoint, which is announced once, naming the epoch's last block. A block or checkpoint whose
 * announcement failed, or whose node stopped in between, stays unpublished and is announced again later, so delivery
 * is at least once. Announcing can be split in two ({@link #send}, then {@link #settle}) so that the committer goes on
 * reading while the broker acknowledges.
 */
@Component
class BlockPublisher {

    private static final Logger log = LoggerFactory.getLogger(BlockPublisher.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);
    private static final int BACKLOG_PAGE = 50;

    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final LedgerStore store;
    private final NodeKey node;
    private final ForkWatch forks;

    BlockPublisher(KafkaTemplate<String, byte[]> kafka, JsonMapper json, LedgerStore store, NodeKey node,
                   ForkWatch forks) {
        this.kafka = kafka;
        this.json = json;
        this.store = store;
        this.node = node;
        this.forks = forks;
    }

    /** Publishes the blocks and checkpoints in order and marks those that made it; true if all did. */
    boolean publish(List<BlockCommitted> blocks, List<CheckpointSigned> checkpoints) {
        return settle(List.of(send(blocks, checkpoints)));
    }

    /**
     * Hands the blocks and checkpoints, in order, to the producer and returns without waiting for their
     * acknowledgements: {@link #settle} waits for them and marks what made it. The producer keeps the order of the
     * records of one key (one shard's blocks, one origin's checkpoints).
     */
    Sending send(List<BlockCommitted> blocks, List<CheckpointSigned> checkpoints) {
        if (forks.forked()) {
            log.warn("{} block(s) committed but not announced: this node is on a fork (see the alert) and signs"
                    + " nothing until it is rebuilt", blocks.size());
            return Sending.withheld();
        }
        var blockSends = new ArrayList<CompletableFuture<SendResult<String, byte[]>>>(blocks.size());
        var signatureSends = new ArrayList<CompletableFuture<SendResult<String, byte[]>>>(blocks.size());
        for (BlockCommitted block : blocks) {
            String shard = Integer.toString(block.header().shard());
            var record = new ProducerRecord<>(Topics.LEDGER_BLOCKS, shard, json.writeValueAsBytes(block));
            record.headers().add(Topics.BLOCK_HEADER, BlockCopies.name(block).getBytes(StandardCharsets.UTF_8));
            blockSends.add(kafka.send(record));
            signatureSends.add(kafka.send(Topics.LEDGER_SIGNATURES, shard,
                    json.writeValueAsBytes(BlockSigned.of(block, node.name()))));
        }
        var checkpointSends = new ArrayList<CompletableFuture<SendResult<String, byte[]>>>(checkpoints.size());
        for (int i = 0; i < checkpoints.size(); i++) {
            CheckpointSigned checkpoint = checkpoints.get(i);
            boolean sameAsNext = i + 1 < checkpoints.size() && checkpoints.get(i + 1).note().equals(checkpoint.note());
            checkpointSends.add(sameAsNext ? null : kafka.send(Topics.LEDGER_CHECKPOINTS, checkpoint.origin(),
                    json.writeValueAsBytes(checkpoint)));
        }
        return new Sending(List.copyOf(blocks), blockSends, signatureSends, List.copyOf(checkpoints), checkpointSends,
                false);
    }

    /**
     * Blocks and checkpoints handed to the producer, with their sends (null for a checkpoint announced by a later one
     * with the same note).
     */
    static final class Sending {

        private final List<BlockCommitted> blocks;
        private final List<CompletableFuture<SendResult<String, byte[]>>> blockSends;
        private final List<CompletableFuture<SendResult<String, byte[]>>> signatureSends;
        private final List<CheckpointSigned> checkpoints;
        private final List<CompletableFuture<SendResult<String, byte[]>>> checkpointSends;
        /** Nothing was sent because the node is on a fork: settling it fails, so the blocks stay unpublished. */
        private final boolean withheld;

        private Sending(List<BlockCommitted> blocks, List<CompletableFuture<SendResult<String, byte[]>>> blockSends,
                        List<CompletableFuture<SendResult<String, byte[]>>> signatureSends,
                        List<CheckpointSigned> checkpoints,
                        List<CompletableFuture<SendResult<String, byte[]>>> checkpointSends, boolean withheld) {
            this.blocks = blocks;
            this.blockSends = blockSends;
            this.signatureSends = signatureSends;
            this.checkpoints = checkpoints;
            this.checkpointSends = checkpointSends;
            this.withheld = withheld;
        }

        private static Sending withheld() {
            return new Sending(List.of(), List.of(), List.of(), List.of(), List.of(), true);
        }

        /** Every send has its answer (acknowledged or failed). */
        boolean answered() {
            return blockSends.stream().allMatch(CompletableFuture::isDone)
                    && signatureSends.stream().allMatch(CompletableFuture::isDone)
                    && checkpointSends.stream().allMatch(send -> send == null || send.isDone());
        }

        int blockCount() {
            return blocks.size();
        }
    }

    /**
     * Waits for the sendings' acknowledgements, in order, and marks the blocks and checkpoints that made it published
     * (one statement for both, whatever the number of sendings); true if all did.
     */
    boolean settle(List<Sending> sendings) {
        var publishedBlocks = new ArrayList<BlockHeader>();
        var publishedCheckpoints = new ArrayList<CheckpointSigned>();
        boolean all = true;
        for (Sending sending : sendings) {
            all &= !sending.withheld;
            for (int i = 0; i < sending.blocks.size() && !Thread.currentThread().isInterrupted(); i++) {
                BlockHeader header = sending.blocks.get(i).header();
                String block = "Block %d of shard %d".formatted(header.height(), header.shard());
                boolean announced = sent(sending.blockSends.get(i), block, Topics.LEDGER_BLOCKS);
                if (sent(sending.signatureSends.get(i), block, Topics.LEDGER_SIGNATURES) && announced) {
                    publishedBlocks.add(header);
                } else {
                    all = false;
                }
            }
            var sameNote = new ArrayList<CheckpointSigned>();
            for (int i = 0; i < sending.checkpoints.size() && !Thread.currentThread().isInterrupted(); i++) {
                CheckpointSigned checkpoint = sending.checkpoints.get(i);
                sameNote.add(checkpoint);
                if (sending.checkpointSends.get(i) == null) {
                    continue;
                }
                if (sent(sending.checkpointSends.get(i), "The checkpoint naming block %d of shard %d"
                        .formatted(checkpoint.height(), checkpoint.shard()), Topics.LEDGER_CHECKPOINTS)) {
                    publishedCheckpoints.addAll(sameNote);
                } else {
                    all = false;
                }
                sameNote.clear();
            }
        }
        store.markPublished(publishedBlocks, publishedCheckpoints);
        return all && !Thread.currentThread().isInterrupted();
    }

    private static boolean sent(CompletableFuture<SendResult<String, byte[]>> send, String what, String topic) {
        try {
            send.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{} is committed but not yet announced on {}: {}", what, topic, e.toString());
            return false;
        }
    }

    /** Publishes every block and checkpoint still marked unpublished, oldest first; true if none is left. */
    boolean publishBacklog() {
        if (forks.forked()) {
            return false;
        }
        int blocks = 0;
        while (true) {
            List<BlockCommitted> page = store.unpublished(BACKLOG_PAGE);
            if (page.isEmpty()) {
                break;
            }
            if (!publish(page, List.of())) {
                return false;
            }
            blocks += page.size();
        }
        int checkpoints = 0;
        while (true) {
            List<CheckpointSigned> page = store.unpublishedCheckpoints(BACKLOG_PAGE);
            if (page.isEmpty()) {
                break;
            }
            if (!publish(List.of(), page)) {
                return false;
            }
            checkpoints += page.size();
        }
        if (blocks + checkpoints > 0) {
            log.info("Announced {} committed blocks and {} checkpoints that were not yet on {} and {}", blocks, checkpoints,
                    Topics.LEDGER_BLOCKS, Topics.LEDGER_CHECKPOINTS);
        }
        return true;
    }
}
