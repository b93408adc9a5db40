package health.datasafe.ledger.block;

import health.datasafe.contracts.Topics;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.ledger.intake.AcceptedTransaction;
import health.datasafe.ledger.intake.Admission;
import health.datasafe.ledger.intake.Intake;
import health.datasafe.kit.kafka.DeadLetters;
import health.datasafe.ledger.node.NodeKey;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The committing transaction. One thread with a plain Kafka consumer that is assigned every partition of
 * {@link Topics#TX_VALIDATED} (each partition is a shard) and seeks to the offsets stored in the database, absent ones
 * to the beginning. Each polled record is admitted or dead-lettered; admitted transactions wait per shard until
 * {@code max-transactions} are pending or the oldest has waited {@code max-wait}; a transaction whose id is taken is
 * skipped when it is the same transaction again, and dead-lettered when it is another; then a block is cut: its leaves are
 * appended to the shard's Merkle log (whose frontier is kept in memory with the chain tip), and a checkpoint of every
 * shard's log is signed. The block, its transactions, the log nodes it completes, the checkpoint and the offset to
 * resume from are committed in one database transaction. Committed blocks are then announced on {@link Topics#LEDGER_BLOCKS}, their checkpoints on
 * {@link Topics#LEDGER_CHECKPOINTS}.
 *
 * <p>On any failure the consumer is closed, everything in memory dropped, and the work starts over from what the
 * database holds: nothing is lost and nothing is committed twice.
 */
@Component
class BlockCommitter implements SmartLifecycle {

    static final String TOPIC = Topics.TX_VALIDATED;
    private static final Logger log = LoggerFactory.getLogger(BlockCommitter.class);
    private static final Duration IDLE_POLL = Duration.ofMillis(500);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String EMPTY_ROOT = Hex.of(MerkleTree.emptyRoot());

    private final ConsumerFactory<String, byte[]> consumers;
    private final Intake intake;
    private final DeadLetters deadLetters;
    private final LedgerStore store;
    private final BlockPublisher publisher;
    private final NodeKey key;
    private final BlockSettings settings;
    private final Object pause = new Object();

    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    private Thread thread;

    BlockCommitter(ConsumerFactory<String, byte[]> consumers, Intake intake, DeadLetters deadLetters, LedgerStore store,
                   BlockPublisher publisher, NodeKey key, BlockSettings settings) {
        this.consumers = consumers;
        this.intake = intake;
        this.deadLetters = deadLetters;
        this.store = store;
        this.publisher = publisher;
        this.key = key;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "ledger-committer");
        thread.start();
    }

    /** Finishes the block in progress, if any, and returns once the consumer is closed. */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        synchronized (pause) {
            pause.notifyAll();
        }
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("The ledger committer did not stop within {}", STOP_TIMEOUT);
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try (Consumer<String, byte[]> current = consumers.createConsumer()) {
                consumer = current;
                if (running) {
                    session(current);
                }
            } catch (WakeupException stopping) {
                // stop() woke the consumer up
            } catch (RuntimeException e) {
                if (running) {
                    log.error("The ledger committer failed; starting over from the stored offsets in {}", RETRY_AFTER, e);
                    pause(RETRY_AFTER);
                }
            } finally {
                consumer = null;
            }
        }
        log.info("The ledger committer stopped");
    }

    /** From the database's state to the end: assign, seek, then poll, admit, cut, commit and publish in rounds. */
    private void session(Consumer<String, byte[]> current) {
        Map<Integer, ChainTip> tips = store.tips();
        boolean backlog = !publisher.publishBacklog();
        Map<Integer, Long> stored = store.offsets(TOPIC);
        var queues = new TreeMap<Integer, ShardQueue>();
        var partitions = new ArrayList<TopicPartition>();
        for (PartitionInfo info : partitions(current)) {
            partitions.add(new TopicPartition(TOPIC, info.partition()));
            queues.put(info.partition(), new ShardQueue(info.partition(), stored.getOrDefault(info.partition(), -1L)));
        }
        current.assign(partitions);
        for (TopicPartition partition : partitions) {
            Long offset = stored.get(partition.partition());
            if (offset == null) {
                current.seekToBeginning(List.of(partition));
            } else {
                current.seek(partition, offset);
            }
        }
        int shards = partitions.size();
        log.info("The ledger committer reads {} shards of {} from offsets {} (absent: from the beginning); log sizes {}",
                shards, TOPIC, stored, logSizes(tips));
        long maxWaitNanos = settings.maxWait().toNanos();
        while (running) {
            ConsumerRecords<String, byte[]> records = current.poll(pollTimeout(queues, maxWaitNanos));
            var admitted = new ArrayList<Admitted>();
            for (ConsumerRecord<String, byte[]> record : records) {
                switch (intake.admit(record)) {
                    case Admission.Accepted accepted -> admitted.add(new Admitted(record, accepted.transaction()));
                    case Admission.Refused refused -> deadLetters.send(record, refused.reason());
                }
            }
            queueOrRefuseDuplicates(admitted, queues);
            for (ConsumerRecord<String, byte[]> record : records) {
                queues.computeIfAbsent(record.partition(), shard -> new ShardQueue(shard, -1L)).read(record.offset());
            }
            List<SealedBlock> committed = cutDueBlocks(queues, tips, shards, maxWaitNanos);
            storeOffsetsOfIdleShards(queues);
            if (backlog) {
                backlog = !publisher.publishBacklog();
            } else if (!committed.isEmpty()) {
                backlog = !publisher.publish(committed.stream().map(SealedBlock::event).toList(),
                        committed.stream().map(SealedBlock::checkpoint).toList());
            }
        }
    }

    /** A consumed record and the transaction the intake accepted from it. */
    private record Admitted(ConsumerRecord<String, byte[]> record, AcceptedTransaction transaction) {
    }

    /**
     * Queues each accepted transaction for its shard's next block, unless its id is taken: the same transaction again
     * (committed before, or pending) is a redelivery and is skipped; a different transaction under a taken id is
     * refused (DUPLICATE_ID) and dead-lettered. One query per poll finds the ids committed before.
     */
    private void queueOrRefuseDuplicates(List<Admitted> admitted, Map<Integer, ShardQueue> queues) {
        Map<String, String> committed = store.committedHashes(admitted.stream().map(a -> a.transaction().id()).toList());
        for (Admitted next : admitted) {
            AcceptedTransaction tx = next.transaction();
            ShardQueue queue = queues.computeIfAbsent(tx.shard(), shard -> new ShardQueue(shard, -1L));
            String taken = committed.getOrDefault(tx.id(), queue.pendingHash(tx.id()));
            if (taken == null) {
                queue.add(tx);
            } else if (!taken.equals(tx.txHash())) {
                deadLetters.send(next.record(), new Admission.Refused(Admission.Refusal.DUPLICATE_ID,
                        "transaction id " + tx.id() + " is taken by a transaction with hash " + taken
                                + "; this one hashes to " + tx.txHash()).reason());
            } else if (committed.containsKey(tx.id())) {
                log.info("Skipped transaction {} of shard {}: committed before", tx.id(), tx.shard());
            }
        }
    }

    private static Map<Integer, Long> logSizes(Map<Integer, ChainTip> tips) {
        var sizes = new TreeMap<Integer, Long>();
        tips.forEach((shard, tip) -> sizes.put(shard, tip.logSize()));
        return sizes;
    }

    private List<PartitionInfo> partitions(Consumer<String, byte[]> current) {
        while (running) {
            List<PartitionInfo> infos = current.partitionsFor(TOPIC, Duration.ofSeconds(30));
            if (infos != null && !infos.isEmpty()) {
                return infos;
            }
            log.warn("Topic {} has no partitions yet; asking again in {}", TOPIC, RETRY_AFTER);
            pause(RETRY_AFTER);
        }
        throw new WakeupException();
    }

    private static Duration pollTimeout(Map<Integer, ShardQueue> queues, long maxWaitNanos) {
        long deadline = Long.MAX_VALUE;
        for (ShardQueue queue : queues.values()) {
            deadline = Math.min(deadline, queue.deadline(maxWaitNanos));
        }
        if (deadline == Long.MAX_VALUE) {
            return IDLE_POLL;
        }
        long wait = deadline - System.nanoTime();
        return wait <= 0 ? Duration.ZERO : Duration.ofNanos(Math.min(wait, IDLE_POLL.toNanos()));
    }

    private List<SealedBlock> cutDueBlocks(Map<Integer, ShardQueue> queues, Map<Integer, ChainTip> tips, int shards,
                                           long maxWaitNanos) {
        var committed = new ArrayList<SealedBlock>();
        for (ShardQueue queue : queues.values()) {
            while (queue.due(settings.maxTransactions(), maxWaitNanos, System.nanoTime())) {
                List<AcceptedTransaction> taken = queue.take(settings.maxTransactions());
                long resumeOffset = queue.resumeOffset();
                SealedBlock block = SealedBlock.cut(tips.get(queue.shard()), queue.shard(), taken, Instant.now(), key,
                        next -> checkpoint(tips, shards, next));
                store.commit(block, TOPIC, resumeOffset);
                tips.put(queue.shard(), block.tip());
                committed.add(block);
                log.debug("Committed block {} of shard {} with {} transactions", block.header().height(),
                        queue.shard(), taken.size());
                queue.stored(resumeOffset);
            }
        }
        return committed;
    }

    /**
     * The signed checkpoint of every shard's log with {@code next} as its shard's new tip: shards 0 to P - 1 (P the
     * partitions of the topic, or more if a tip names a higher shard), a shard without blocks at size 0 with the empty
     * root.
     */
    private String checkpoint(Map<Integer, ChainTip> tips, int shards, ChainTip next) {
        int count = Math.max(shards, next.shard() + 1);
        for (int shard : tips.keySet()) {
            count = Math.max(count, shard + 1);
        }
        var logs = new ArrayList<Checkpoint.ShardLog>(count);
        for (int shard = 0; shard < count; shard++) {
            ChainTip tip = shard == next.shard() ? next : tips.get(shard);
            logs.add(tip == null ? new Checkpoint.ShardLog(shard, 0, EMPTY_ROOT)
                    : new Checkpoint.ShardLog(shard, tip.logSize(), Hex.of(tip.logRoot())));
        }
        return key.signCheckpoint(logs);
    }

    private void storeOffsetsOfIdleShards(Map<Integer, ShardQueue> queues) {
        var offsets = new HashMap<Integer, Long>();
        for (ShardQueue queue : queues.values()) {
            if (queue.offsetBehind()) {
                offsets.put(queue.shard(), queue.resumeOffset());
            }
        }
        store.storeOffsets(TOPIC, offsets);
        offsets.forEach((shard, offset) -> queues.get(shard).stored(offset));
    }

    private void pause(Duration duration) {
        synchronized (pause) {
            if (!running) {
                return;
            }
            try {
                pause.wait(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
