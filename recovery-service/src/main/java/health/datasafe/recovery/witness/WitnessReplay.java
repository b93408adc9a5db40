package health.datasafe.recovery.witness;

import health.datasafe.contracts.Topics;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.kit.kafka.RecordRefused;
import health.datasafe.kit.rebuild.RebuiltLogShort;
import health.datasafe.kit.rebuild.Replay;
import health.datasafe.kit.rebuild.Schemas;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Rebuilds the witness's state by replay into a (migrated) recovery schema: reads {@link Topics#LEDGER_BLOCKS} (the
 * witness copy, trusted signer and witness incidents), then {@link Topics#LEDGER_CHECKPOINTS} (the newest checkpoint
 * per origin), then {@link Topics#INTEGRITY_ALERTS} (every incident that was alerted), each from the beginning (or
 * from where an earlier replay into the same schema stopped) up to where each partition ended when the replay began.
 * Every record goes through the listeners' own code path ({@link Witness}); what one poll returned is recorded in one
 * transaction, with where the replay goes on from. Records the witness refuses are skipped and counted, not
 * dead-lettered (the listeners did that when they first read them); blocks that fail its checks become incidents, as
 * they did live, but raise no alert (theirs is on the alerts topic already, or is raised after the switch).
 */
@Component
public class WitnessReplay {

    private static final Logger log = LoggerFactory.getLogger(WitnessReplay.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final String CLIENT_ID = "recovery-replay";
    /** In this order: incidents found again from blocks keep all they held before their alerts are replayed. */
    private static final List<String> TOPICS = List.of(Topics.LEDGER_BLOCKS, Topics.LEDGER_CHECKPOINTS,
            Topics.INTEGRITY_ALERTS);

    private final ConsumerFactory<String, byte[]> consumers;
    private final WitnessProjection projection;

    WitnessReplay(ConsumerFactory<String, byte[]> consumers, WitnessProjection projection) {
        this.consumers = consumers;
        this.projection = projection;
    }

    /**
     * Replays into the recovery schema {@code target} points at, which must be empty or filled by an earlier replay
     * (it then goes on from where that one stopped); tells {@code progress} after every poll, counting from the
     * beginning of the topics.
     */
    public void replay(DataSource target, java.util.function.Consumer<Replay.Progress> progress) {
        Witness witness = projection.into(target);
        var neverCommits = new Properties(); // it is assigned its partitions and commits nothing, whatever the settings
        neverCommits.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (Consumer<String, byte[]> consumer = consumers.createConsumer(null, CLIENT_ID, null, neverCommits)) {
            var begin = new LinkedHashMap<TopicPartition, Long>();
            var end = new LinkedHashMap<TopicPartition, Long>();
            for (String topic : TOPICS) {
                List<TopicPartition> partitions = partitionsOf(consumer, topic);
                begin.putAll(consumer.beginningOffsets(partitions));
                end.putAll(consumer.endOffsets(partitions));
            }
            long total = end.entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
            long[] done = {0};
            long refused = 0;
            for (String topic : TOPICS) {
                refused += replayTopic(consumer, topic, witness, begin, end, total, done, progress);
            }
            log.info("Replayed {} records of {}: {} refused", done[0], TOPICS, refused);
        }
    }

    private long replayTopic(Consumer<String, byte[]> consumer, String topic, Witness witness,
                             Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end, long total, long[] done,
                             java.util.function.Consumer<Replay.Progress> progress) {
        List<TopicPartition> assigned = end.keySet().stream().filter(p -> p.topic().equals(topic)).toList();
        consumer.assign(assigned);
        Map<Integer, Long> stored = witness.store().replayPositions(topic);
        for (TopicPartition partition : assigned) {
            Long from = stored.get(partition.partition());
            if (from == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, from);
            }
        }
        long doneBefore = done[0];
        long refused = 0;
        while (!finished(consumer, assigned, end)) {
            ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
            var replayedTo = new HashMap<Integer, Long>();
            refused += witness.inOneTransaction(() -> {
                long skipped = 0;
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue; // arrived after the replay began: the next replay (or the listener) reads it
                    }
                    replayedTo.put(record.partition(), record.offset() + 1);
                    try {
                        take(witness, topic, record);
                    } catch (RecordRefused refusal) {
                        skipped++;
                        log.debug("Replay skips record {}-{}@{}: {}", record.topic(), record.partition(),
                                record.offset(), refusal.reason());
                    }
                }
                witness.store().replayedTo(topic, replayedTo);
                return skipped;
            });
            done[0] = doneBefore + replayed(consumer, assigned, begin, end);
            progress.accept(new Replay.Progress(done[0], total));
        }
        done[0] = doneBefore + replayed(consumer, assigned, begin, end);
        return refused;
    }

    private static void take(Witness witness, String topic, ConsumerRecord<String, byte[]> record) {
        switch (topic) {
            case Topics.LEDGER_BLOCKS -> witness.block(record.value());
            case Topics.LEDGER_CHECKPOINTS -> witness.checkpoint(record.value());
            default -> witness.alert(record.value(), Instant.ofEpochMilli(record.timestamp()));
        }
    }

    /**
     * Checks a witness copy rebuilt into {@code target} against a checkpoint (whose signature the caller verified):
     * for every shard, the witnessed blocks reach the log size the checkpoint states. Throws {@link RebuiltLogShort}
     * for the first shard whose blocks do not.
     */
    public void confirm(DataSource target, Checkpoint checkpoint) {
        Map<Integer, Long> seen = new WitnessStore(JdbcClient.create(target)).logSizes();
        for (Checkpoint.ShardLog stated : checkpoint.shards()) {
            long reached = seen.getOrDefault(stated.shard(), 0L);
            if (reached < stated.size()) {
                throw new RebuiltLogShort(stated.shard(), stated.size(), reached);
            }
        }
    }

    /**
     * Checks that the witness copy rebuilt into schema {@code rebuilt} holds every block of the one in schema
     * {@code live} (both reached through {@code target}), with the same hash. Throws {@link RebuiltWitnessDiffers}
     * naming the first block, by shard and height, that it lacks or holds with another hash.
     */
    public void confirmHoldsAllOf(DataSource target, String rebuilt, String live) {
        var jdbc = new JdbcTemplate(target);
        String differing = ("FROM %1$s.witnessed_block l LEFT JOIN %2$s.witnessed_block r"
                + " ON r.shard = l.shard AND r.height = l.height WHERE r.block_hash IS DISTINCT FROM l.block_hash")
                .formatted(Schemas.quoted(live), Schemas.quoted(rebuilt));
        long count = jdbc.queryForObject("SELECT count(*) " + differing, Long.class);
        if (count > 0) {
            throw jdbc.queryForObject("SELECT l.shard, l.height, l.block_hash, r.block_hash " + differing
                            + " ORDER BY l.shard, l.height LIMIT 1",
                    (rs, row) -> new RebuiltWitnessDiffers(rs.getInt(1), rs.getLong(2), rs.getString(3),
                            rs.getString(4), count));
        }
    }

    private static List<TopicPartition> partitionsOf(Consumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException(topic + " has no partitions");
        }
        return partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private static boolean finished(Consumer<String, byte[]> consumer, List<TopicPartition> assigned,
                                    Map<TopicPartition, Long> end) {
        return assigned.stream().allMatch(p -> consumer.position(p) >= end.get(p));
    }

    private static long replayed(Consumer<String, byte[]> consumer, List<TopicPartition> assigned,
                                 Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end) {
        return assigned.stream().mapToLong(p -> Math.min(consumer.position(p), end.get(p)) - begin.get(p)).sum();
    }
}
