package health.datasafe.ledger.block;

import health.datasafe.contracts.EpochEnded;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The committing transaction. One thread with a plain Kafka consumer that is assigned every partition of
 * {@link Topics#TX_VALIDATED} (each partition is a shard) and seeks to the offsets stored in the database, absent ones
 * to the beginning. Each polled record is admitted, or dead-lettered. Blocks are cut where the log says, never by this
 * node's clock: a shard's transactions since its last epoch end wait for the next {@link EpochEnded} in its partition,
 * and once every shard has reached an epoch (or a later one), that epoch is complete: each shard that reached it gets
 * one block of its transactions (none if it has none), stamped with the epoch end's time; then one checkpoint of every
 * shard's log is signed. The epoch's blocks, their transactions, the log nodes they complete, the checkpoint and the
 * offsets to resume from are committed in one database transaction, then announced on {@link Topics#LEDGER_BLOCKS} and
 * {@link Topics#LEDGER_CHECKPOINTS}. A transaction whose id is taken is skipped when it is the same transaction again,
 * and dead-lettered when it is another. Since Ed25519 signatures are deterministic, any node with the same key, and any
 * replay of the same log, stores byte-identical blocks and checkpoints.
 *
 * <p>A partition that has reached {@value #MAX_WAITING} epochs the others have not is paused until they catch up, so
 * memory stays bounded. On any failure the consumer is closed, everything in memory dropped, and the work starts over
 * from what the database holds: nothing is lost and nothing is committed twice.
 */
@Component
class BlockCommitter implements SmartLifecycle {

    static final String TOPIC = Topics.TX_VALIDATED;
    private static final Logger log = LoggerFactory.getLogger(BlockCommitter.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    static final int MAX_WAITING = 4;
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String EMPTY_ROOT = Hex.of(MerkleTree.emptyRoot());

    private final ConsumerFactory<String, byte[]> consumers;
    private final Intake intake;
    private final DeadLetters deadLetters;
    private final LedgerStore store;
    private final BlockPublisher publisher;
    private final NodeKey key;
    private final Object pause = new Object();

    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    private Thread thread;

    BlockCommitter(ConsumerFactory<String, byte[]> consumers, Intake intake, DeadLetters deadLetters, LedgerStore store,
                   BlockPublisher publisher, NodeKey key) {
        this.consumers = consumers;
        this.intake = intake;
        this.deadLetters = deadLetters;
        this.store = store;
        this.publisher = publisher;
        this.key = key;
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

    /** From the database's state to the end: assign, seek, then poll, admit, complete epochs, commit and publish. */
    private void session(Consumer<String, byte[]> current) {
        Map<Integer, ChainTip> tips = store.tips();
        boolean backlog = !publisher.publishBacklog();
        Map<Integer, Long> stored = store.offsets(TOPIC);
        long lastEpoch = store.lastEpoch(TOPIC);
        var queues = new TreeMap<Integer, ShardQueue>();
        var partitions = new ArrayList<TopicPartition>();
        for (PartitionInfo info : partitions(current)) {
            partitions.add(new TopicPartition(TOPIC, info.partition()));
            queues.put(info.partition(), new ShardQueue(info.partition(), lastEpoch));
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
        log.info("The ledger committer reads {} shards of {} from offsets {} (absent: from the beginning) after epoch {};"
                + " log sizes {}", partitions.size(), TOPIC, stored, lastEpoch, logSizes(tips));
        while (running) {
            ConsumerRecords<String, byte[]> records = current.poll(POLL_TIMEOUT);
            queue(records, queues);
            List<SealedBlock> committed = completeEpochs(queues, tips);
            pauseShardsAhead(current, queues);
            if (backlog) {
                backlog = !publisher.publishBacklog();
            } else if (!committed.isEmpty()) {
                backlog = !publisher.publish(committed.stream().map(SealedBlock::event).toList(),
                        committed.stream().map(SealedBlock::checkpoint).toList());
            }
        }
    }

    /**
     * Admits the records and queues them in offset order: transactions into their shard's open epoch, epoch ends
     * closing it. A transaction whose id is taken (committed before, or pending) is skipped when it is the same
     * transaction again; a different transaction under a taken id is refused (DUPLICATE_ID), as is one beyond
     * {@link EpochEnded#MAX_TRANSACTIONS} in its shard's epoch (EPOCH_FULL); refused records are dead-lettered. One query
     * per poll finds the ids committed before.
     */
    private void queue(ConsumerRecords<String, byte[]> records, Map<Integer, ShardQueue> queues) {
        var admissions = new ArrayList<Admitted>(records.count());
        var ids = new ArrayList<String>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            Admission admission = intake.admit(record);
            admissions.add(new Admitted(record, admission));
            if (admission instanceof Admission.Accepted accepted) {
                ids.add(accepted.transaction().id());
            }
        }
        Map<String, String> committed = store.committedHashes(ids);
        for (Admitted next : admissions) {
            ShardQueue queue = queues.get(next.record().partition());
            switch (next.admission()) {
                case Admission.Refused refused -> deadLetters.send(next.record(), refused.reason());
                case Admission.EpochEnd end -> {
                    if (!queue.end(end.end().epoch(), end.end().endedAt(), end.offset())) {
                        log.warn("Ignored the end of epoch {} in shard {} at offset {}: the shard reached a later epoch",
                                end.end().epoch(), end.shard(), end.offset());
                    }
                }
                case Admission.Accepted accepted -> {
                    AcceptedTransaction tx = accepted.transaction();
                    String taken = committed.getOrDefault(tx.id(), queue.pendingHash(tx.id()));
                    if (taken == null) {
                        if (!queue.add(tx)) {
                            deadLetters.send(next.record(), new Admission.Refused(Admission.Refusal.EPOCH_FULL,
                                    "shard " + tx.shard() + " already holds " + EpochEnded.MAX_TRANSACTIONS
                                            + " transactions of its open epoch").reason());
                        }
                    } else if (!taken.equals(tx.txHash())) {
                        deadLetters.send(next.record(), new Admission.Refused(Admission.Refusal.DUPLICATE_ID,
                                "transaction id " + tx.id() + " is taken by a transaction with hash " + taken
                                        + "; this one hashes to " + tx.txHash()).reason());
                    } else if (committed.containsKey(tx.id())) {
                        log.info("Skipped transaction {} of shard {}: committed before", tx.id(), tx.shard());
                    }
                }
            }
        }
    }

    /** A consumed record and what the intake made of it. */
    private record Admitted(ConsumerRecord<String, byte[]> record, Admission admission) {
    }

    /**
     * Commits every epoch that every shard has reached, oldest first: the earliest epoch any shard waits with, once
     * each shard waits with it or a later one. Answers the blocks committed.
     */
    private List<SealedBlock> completeEpochs(Map<Integer, ShardQueue> queues, Map<Integer, ChainTip> tips) {
        var committed = new ArrayList<SealedBlock>();
        while (queues.values().stream().allMatch(queue -> queue.waiting() > 0)) {
            long epoch = queues.values().stream().mapToLong(ShardQueue::firstReached).min().orElseThrow();
            var blocks = new ArrayList<SealedBlock>();
            var offsets = new HashMap<Integer, Long>();
            for (ShardQueue queue : queues.values()) {
                if (queue.firstReached() != epoch) {
                    continue;
                }
                ShardQueue.EpochPart part = queue.takeFirst();
                offsets.put(queue.shard(), part.nextOffset());
                if (!part.transactions().isEmpty()) {
                    SealedBlock block = SealedBlock.cut(tips.get(queue.shard()), queue.shard(), part.transactions(),
                            part.endedAt(), key);
                    tips.put(queue.shard(), block.tip());
                    blocks.add(block);
                }
            }
            if (!blocks.isEmpty()) {
                String note = checkpoint(tips, queues.size());
                blocks.replaceAll(block -> block.withCheckpoint(note, key.origin()));
            }
            store.commitEpoch(epoch, blocks, TOPIC, offsets);
            committed.addAll(blocks);
            log.debug("Committed epoch {}: {} blocks", epoch, blocks.size());
        }
        return committed;
    }

    /** Pauses the partitions that reached {@value #MAX_WAITING} epochs the others have not; resumes the rest. */
    private static void pauseShardsAhead(Consumer<String, byte[]> current, Map<Integer, ShardQueue> queues) {
        var ahead = new ArrayList<TopicPartition>();
        var others = new ArrayList<TopicPartition>();
        for (ShardQueue queue : queues.values()) {
            (queue.waiting() >= MAX_WAITING ? ahead : others).add(new TopicPartition(TOPIC, queue.shard()));
        }
        current.pause(ahead);
        current.resume(others);
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

    /**
     * The signed checkpoint of every shard's log at its tip: shards 0 to P - 1 (P the partitions of the topic, or more
     * if a tip names a higher shard), a shard without blocks at size 0 with the empty root.
     */
    private String checkpoint(Map<Integer, ChainTip> tips, int shards) {
        int count = shards;
        for (int shard : tips.keySet()) {
            count = Math.max(count, shard + 1);
        }
        var logs = new ArrayList<Checkpoint.ShardLog>(count);
        for (int shard = 0; shard < count; shard++) {
            ChainTip tip = tips.get(shard);
            logs.add(tip == null ? new Checkpoint.ShardLog(shard, 0, EMPTY_ROOT)
                    : new Checkpoint.ShardLog(shard, tip.logSize(), Hex.of(tip.logRoot())));
        }
        return key.signCheckpoint(logs);
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
