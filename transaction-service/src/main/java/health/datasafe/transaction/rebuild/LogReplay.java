package health.datasafe.transaction.rebuild;

import health.datasafe.contracts.Topics;
import health.datasafe.kit.rebuild.Replay;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The one read loop of a rebuild: reads the service's topics from their beginning up to where each partition ended
 * when the call began, one topic after the other in this order, and hands each poll's records to the topic's
 * replayer, in one database transaction on the target per poll:
 * {@link Topics#TX_SUBMITTED}, {@link Topics#TX_REJECTED} and {@link Topics#LEDGER_BLOCKS} to
 * {@link TransactionReplay} (transactions and identities), then {@link Topics#VAULT_KEYS} and
 * {@link Topics#VAULT_RECORDS} to {@link VaultReplay}, whose envelopes are checked against the transactions replayed
 * before them. Before reading, the transactions never published are carried over from the live schema.
 *
 * <p>Each call reads everything again: every write is an upsert, a PENDING-only update or a delete, so reading twice
 * ends where reading once does. Going on from stored offsets is left for later.
 */
@Component
class LogReplay {

    private static final Logger log = LoggerFactory.getLogger(LogReplay.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final String CLIENT_ID = "transaction-replay";

    /** Applies one poll's records of a topic to the target; answers how many it refused. */
    @FunctionalInterface
    interface Replayer {
        long apply(JdbcTemplate target, List<ConsumerRecord<String, byte[]>> records);
    }

    /** What one replay call read and wrote. */
    record Replayed(long recordsRead, long refused, long transactions, long identities, long patientKeys,
                    long records) {
    }

    private final ConsumerFactory<String, byte[]> consumers;
    private final TransactionReplay transactions;
    private final Map<String, Replayer> replayers = new LinkedHashMap<>();

    LogReplay(ConsumerFactory<String, byte[]> consumers, TransactionReplay transactions, VaultReplay vault) {
        this.consumers = consumers;
        this.transactions = transactions;
        replayers.put(Topics.TX_SUBMITTED, transactions::onSubmitted);
        replayers.put(Topics.TX_REJECTED, transactions::onRejected);
        replayers.put(Topics.LEDGER_BLOCKS, transactions::onBlocks);
        replayers.put(Topics.LEDGER_SIGNATURES, transactions::onSignatures);
        replayers.put(Topics.VAULT_KEYS, vault::onKeys);
        replayers.put(Topics.VAULT_RECORDS, vault::onEnvelopes);
    }

    Replayed replay(DataSource target, java.util.function.Consumer<Replay.Progress> progress) {
        var jdbc = new JdbcTemplate(target);
        var inOneTransaction = new TransactionTemplate(new DataSourceTransactionManager(target));
        inOneTransaction.executeWithoutResult(status -> transactions.carryOverUnpublished(jdbc));
        var neverCommits = new Properties();
        neverCommits.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (Consumer<String, byte[]> consumer = consumers.createConsumer(null, CLIENT_ID, null, neverCommits)) {
            var partitions = new HashMap<String, List<TopicPartition>>();
            var all = new ArrayList<TopicPartition>();
            for (String topic : replayers.keySet()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException(topic + " has no partitions");
                }
                List<TopicPartition> ofTopic = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                partitions.put(topic, ofTopic);
                all.addAll(ofTopic);
            }
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(all);
            Map<TopicPartition, Long> end = consumer.endOffsets(all);
            long total = all.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
            long[] read = {0, 0}; // read, refused
            log.info("Replaying {} records of {}", total, replayers.keySet());
            replayers.forEach((topic, replayer) -> readTopic(consumer, partitions.get(topic), end, batch -> {
                if (batch.isEmpty()) {
                    return;
                }
                read[1] += inOneTransaction.execute(status -> replayer.apply(jdbc, batch));
                read[0] += batch.size();
                progress.accept(new Replay.Progress(read[0], total));
            }));
            var replayed = new Replayed(read[0], read[1], count(jdbc, "transactions"), count(jdbc, "identities"),
                    count(jdbc, "patient_keys"), count(jdbc, "records"));
            log.info("Replayed {} records: {} transactions, {} identities, {} patient keys and {} records in the"
                            + " rebuilt schema, {} records refused", replayed.recordsRead(), replayed.transactions(),
                    replayed.identities(), replayed.patientKeys(), replayed.records(), replayed.refused());
            return replayed;
        }
    }

    private static long count(JdbcTemplate jdbc, String table) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
    }

    /** Reads the partitions from their beginning up to {@code end}, handing each poll's records over. */
    private static void readTopic(Consumer<String, byte[]> consumer, List<TopicPartition> partitions,
                                  Map<TopicPartition, Long> end,
                                  java.util.function.Consumer<List<ConsumerRecord<String, byte[]>>> handler) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        while (!partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
            var batch = new ArrayList<ConsumerRecord<String, byte[]>>();
            for (var record : consumer.poll(POLL_TIMEOUT)) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    batch.add(record); // later ones: the next call reads them
                }
            }
            handler.accept(batch);
        }
    }

    /** Where a record is, for the log: topic-partition@offset. */
    static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
