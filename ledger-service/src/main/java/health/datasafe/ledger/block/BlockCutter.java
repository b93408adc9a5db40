package health.datasafe.ledger.block;

import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.Topics;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Hex;
import health.datasafe.integrity.MerkleTree;
import health.datasafe.ledger.intake.AcceptedTransaction;
import health.datasafe.ledger.intake.Admission;
import health.datasafe.ledger.intake.Intake;
import health.datasafe.ledger.node.NodeKey;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Cuts blocks where {@link Topics#TX_VALIDATED} says and commits them (docs/ledger-format.md, section 4a), for one
 * reading session of one consumer over every partition. A shard's transactions since its last epoch end wait for the
 * next {@link EpochEnded} in its partition; once every shard has reached an epoch (or a later one), that epoch is
 * complete: each shard that reached it gets one block of its transactions (none if it has none), stamped with the
 * epoch end's time, then one checkpoint of every shard's log is signed, and the epoch's blocks, their transactions,
 * the log nodes they complete, the checkpoint and the offsets to resume from are committed in one database
 * transaction. A transaction whose id is taken is skipped when it is the same transaction again, and refused when it
 * is another. Since Ed25519 signatures are deterministic, any node with the same key, and any replay of the same log
 * into an empty ledger, stores byte-identical blocks and checkpoints.
 *
 * <p>A partition that has reached {@value #MAX_WAITING} epochs the others have not is paused until they catch up, so
 * memory stays bounded.
 */
final class BlockCutter {

    static final int MAX_WAITING = 4;
    /** Polls of at least this many records are admitted in parallel. */
    static final int PARALLEL_ADMISSION = 64;
    private static final Logger log = LoggerFactory.getLogger(BlockCutter.class);
    private static final String EMPTY_ROOT = Hex.of(MerkleTree.emptyRoot());

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final Intake intake;
    private final LedgerStore store;
    private final NodeKey key;
    private final BiConsumer<ConsumerRecord<String, byte[]>, String> refusals;
    private final Map<Integer, ChainTip> tips;
    private final TreeMap<Integer, ShardQueue> queues = new TreeMap<>();

    private BlockCutter(Consumer<String, byte[]> consumer, String topic, Intake intake, LedgerStore store, NodeKey key,
                        BiConsumer<ConsumerRecord<String, byte[]>, String> refusals) {
        this.consumer = consumer;
        this.topic = topic;
        this.intake = intake;
        this.store = store;
        this.key = key;
        this.refusals = refusals;
        this.tips = store.tips();
    }

    /**
     * Resumes from what the store holds: assigns the consumer every partition and seeks each to its stored offset, or
     * to the beginning if none is stored (an empty ledger replays the whole topic).
     *
     * @param refusals told of each record that can never be committed, with the reason
     */
    static BlockCutter resume(Consumer<String, byte[]> consumer, List<PartitionInfo> partitions, Intake intake,
                              LedgerStore store, NodeKey key, BiConsumer<ConsumerRecord<String, byte[]>, String> refusals) {
        String topic = partitions.getFirst().topic();
        var cutter = new BlockCutter(consumer, topic, intake, store, key, refusals);
        Map<Integer, Long> stored = store.offsets(topic);
        long lastEpoch = store.lastEpoch(topic);
        var assigned = new ArrayList<TopicPartition>();
        for (PartitionInfo info : partitions) {
            assigned.add(new TopicPartition(topic, info.partition()));
            cutter.queues.put(info.partition(), new ShardQueue(info.partition(), lastEpoch));
        }
        consumer.assign(assigned);
        for (TopicPartition partition : assigned) {
            Long offset = stored.get(partition.partition());
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset);
            }
        }
        log.info("Reading {} shards of {} from offsets {} (absent: from the beginning) after epoch {}; log sizes {}",
                assigned.size(), topic, stored, lastEpoch, logSizes(cutter.tips));
        return cutter;
    }

    /** Queues the polled records, commits every epoch now complete and answers its blocks, oldest first. */
    List<SealedBlock> cut(ConsumerRecords<String, byte[]> records) {
        queue(records);
        List<SealedBlock> committed = completeEpochs();
        pauseShardsAhead();
        return committed;
    }

    /**
     * Admits the records and queues them in offset order: transactions into their shard's open epoch, epoch ends
     * closing it. A transaction whose id is taken (committed before, or pending) is skipped when it is the same
     * transaction again; a different transaction under a taken id is refused (DUPLICATE_ID), as is one beyond
     * {@link EpochEnded#MAX_TRANSACTIONS} in its shard's epoch (EPOCH_FULL); refused records are dead-lettered. One query
     * per poll finds the ids committed before.
     */
    private void queue(ConsumerRecords<String, byte[]> records) {
        var admissions = admit(records);
        var ids = new ArrayList<String>(records.count());
        for (Admitted admitted : admissions) {
            if (admitted.admission() instanceof Admission.Accepted accepted) {
                ids.add(accepted.transaction().id());
            }
        }
        Map<String, String> committed = store.committedHashes(ids);
        for (Admitted next : admissions) {
            ShardQueue queue = queues.get(next.record().partition());
            switch (next.admission()) {
                case Admission.Refused refused -> refusals.accept(next.record(), refused.reason());
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
                            refusals.accept(next.record(), new Admission.Refused(Admission.Refusal.EPOCH_FULL,
                                    "shard " + tx.shard() + " already holds " + EpochEnded.MAX_TRANSACTIONS
                                            + " transactions of its open epoch").reason());
                        }
                    } else if (!taken.equals(tx.txHash())) {
                        refusals.accept(next.record(), new Admission.Refused(Admission.Refusal.DUPLICATE_ID,
                                "transaction id " + tx.id() + " is taken by a transaction with hash " + taken
                                        + "; this one hashes to " + tx.txHash()).reason());
                    } else if (committed.containsKey(tx.id())) {
                        log.info("Skipped transaction {} of shard {}: committed before", tx.id(), tx.shard());
                    }
                }
            }
        }
    }

    /**
     * What the intake makes of each record, in the records' order. Admission depends on the record alone, and most of
     * its cost is the initiator signature check (about 75 µs each, docs/bench.md), so a poll of at least
     * {@value #PARALLEL_ADMISSION} records is admitted on every processor (the common fork-join pool and this thread).
     */
    private List<Admitted> admit(ConsumerRecords<String, byte[]> records) {
        var polled = new ArrayList<ConsumerRecord<String, byte[]>>(records.count());
        records.forEach(polled::add);
        var admitting = polled.size() >= PARALLEL_ADMISSION ? polled.parallelStream() : polled.stream();
        return admitting.map(record -> new Admitted(record, intake.admit(record))).toList();
    }

    /** A consumed record and what the intake made of it. */
    private record Admitted(ConsumerRecord<String, byte[]> record, Admission admission) {
    }

    /**
     * Commits every epoch that every shard has reached, oldest first: the earliest epoch any shard waits with, once
     * each shard waits with it or a later one. Answers the blocks committed.
     */
    private List<SealedBlock> completeEpochs() {
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
                String note = checkpoint(queues.size());
                blocks.replaceAll(block -> block.withCheckpoint(note, key.origin()));
            }
            store.commitEpoch(epoch, blocks, topic, offsets);
            committed.addAll(blocks);
            log.debug("Committed epoch {}: {} blocks", epoch, blocks.size());
        }
        return committed;
    }

    /** Pauses the partitions that reached {@value #MAX_WAITING} epochs the others have not; resumes the rest. */
    private void pauseShardsAhead() {
        var ahead = new ArrayList<TopicPartition>();
        var others = new ArrayList<TopicPartition>();
        for (ShardQueue queue : queues.values()) {
            (queue.waiting() >= MAX_WAITING ? ahead : others).add(new TopicPartition(topic, queue.shard()));
        }
        consumer.pause(ahead);
        consumer.resume(others);
    }

    /**
     * The signed checkpoint of every shard's log at its tip: shards 0 to P - 1 (P the partitions of the topic, or more
     * if a tip names a higher shard), a shard without blocks at size 0 with the empty root.
     */
    private String checkpoint(int shards) {
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

    private static Map<Integer, Long> logSizes(Map<Integer, ChainTip> tips) {
        var sizes = new TreeMap<Integer, Long>();
        tips.forEach((shard, tip) -> sizes.put(shard, tip.logSize()));
        return sizes;
    }
}
