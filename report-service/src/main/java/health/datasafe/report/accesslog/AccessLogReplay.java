package health.datasafe.report.accesslog;

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
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Rebuilds the access log by replay: reads {@link Topics#LEDGER_BLOCKS} from the beginning (or from where an earlier
 * replay into the same schema stopped) up to where each partition ended when the replay began, into a (migrated)
 * report schema. Every record goes through the listener's own projection ({@link BlockProjection}); what one poll
 * returned is recorded in one transaction, in batches. Records the projection refuses are skipped and counted, not
 * dead-lettered (the listener did that when it first read them).
 */
@Component
public class AccessLogReplay {

    private static final Logger log = LoggerFactory.getLogger(AccessLogReplay.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final String CLIENT_ID = "report-replay";

    private final ConsumerFactory<String, byte[]> consumers;
    private final BlockProjection projection;

    AccessLogReplay(ConsumerFactory<String, byte[]> consumers, BlockProjection projection) {
        this.consumers = consumers;
        this.projection = projection;
    }

    /** What a finished replay did: records read, blocks recorded, records refused (skipped). */
    public record Replayed(long recordsReplayed, long blocks, long recordsRefused) {
    }

    /**
     * Replays into the report schema {@code target} points at, which must be empty or filled by an earlier replay (it
     * then goes on from where that one stopped, e.g. to catch up with blocks that arrived meanwhile); tells
     * {@code progress} after every poll, counting from the beginning of the topic.
     */
    public Replayed replay(DataSource target, java.util.function.Consumer<Replay.Progress> progress) {
        var store = new AccessLogStore(target);
        long blocks = 0;
        long refused = 0;
        var neverCommits = new Properties(); // it is assigned its partitions and commits nothing, whatever the settings
        neverCommits.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (Consumer<String, byte[]> consumer = consumers.createConsumer(null, CLIENT_ID, null, neverCommits)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topics.LEDGER_BLOCKS, Duration.ofSeconds(30));
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException(Topics.LEDGER_BLOCKS + " has no partitions");
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(assigned);
            Map<Integer, Long> stored = store.replayPositions();
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            for (TopicPartition partition : assigned) {
                Long from = stored.get(partition.partition());
                if (from == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, from);
                }
            }
            long total = end.entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
            log.info("Replaying {} records of {} into the access log{}", total, Topics.LEDGER_BLOCKS,
                    stored.isEmpty() ? "" : ", going on from " + stored);
            while (!finished(consumer, end)) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
                var projected = new ArrayList<ProjectedBlock>(records.count());
                var replayedTo = new HashMap<Integer, Long>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue; // arrived after the replay began: the next replay (or the listener) reads it
                    }
                    replayedTo.put(record.partition(), record.offset() + 1);
                    try {
                        projected.add(projection.project(record.value()));
                    } catch (RecordRefused refusal) {
                        refused++;
                        log.debug("Replay skips record {}-{}@{}: {}", record.topic(), record.partition(),
                                record.offset(), refusal.reason());
                    }
                }
                store.record(projected, replayedTo);
                blocks += projected.size();
                progress.accept(new Replay.Progress(replayed(consumer, begin, end), total));
            }
            long replayed = replayed(consumer, begin, end);
            log.info("Replayed {} records of {}: {} blocks recorded, {} records refused", replayed,
                    Topics.LEDGER_BLOCKS, blocks, refused);
            return new Replayed(replayed, blocks, refused);
        }
    }

    /**
     * Checks an access log rebuilt into {@code target} against a checkpoint (whose signature the caller verified):
     * for every shard, the blocks replayed reach the log size the checkpoint states. Throws {@link RebuiltLogShort}
     * for the first shard whose blocks do not.
     */
    public void confirm(DataSource target, Checkpoint checkpoint) {
        Map<Integer, Long> seen = new AccessLogStore(target).logSizes();
        for (Checkpoint.ShardLog stated : checkpoint.shards()) {
            long reached = seen.getOrDefault(stated.shard(), 0L);
            if (reached < stated.size()) {
                throw new RebuiltLogShort(stated.shard(), stated.size(), reached);
            }
        }
    }

    /**
     * Checks that the access log rebuilt into schema {@code rebuilt} holds every entry of the one in schema
     * {@code live} (both reached through {@code target}). Throws {@link RebuiltLogLacksEntry} naming the first entry,
     * in commit order, that it lacks.
     */
    public void confirmHoldsAllOf(DataSource target, String rebuilt, String live) {
        var jdbc = new JdbcTemplate(target);
        String lacking = ("FROM %1$s.access_log l WHERE NOT EXISTS (SELECT 1 FROM %2$s.access_log r"
                + " WHERE r.transaction_id = l.transaction_id)").formatted(Schemas.quoted(live), Schemas.quoted(rebuilt));
        long count = jdbc.queryForObject("SELECT count(*) " + lacking, Long.class);
        if (count > 0) {
            RebuiltLogLacksEntry first = jdbc.queryForObject(
                    "SELECT transaction_id, shard, block_height " + lacking + " ORDER BY shard, leaf_index LIMIT 1",
                    (rs, row) -> new RebuiltLogLacksEntry(rs.getString(1), rs.getInt(2), rs.getLong(3), count));
            throw first;
        }
    }

    /** Every partition read up to where it ended when the replay began. */
    private static boolean finished(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private static long replayed(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> begin,
                                 Map<TopicPartition, Long> end) {
        return end.keySet().stream()
                .mapToLong(p -> Math.min(consumer.position(p), end.get(p)) - begin.get(p)).sum();
    }
}
