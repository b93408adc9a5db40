package health.datasafe.validator.rebuild;

import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.kit.kafka.DecisionScreen;
import health.datasafe.kit.kafka.RecordRefused;
import health.datasafe.kit.rebuild.Replay;
import health.datasafe.validator.consent.ConsentEngine;
import health.datasafe.validator.consent.Verdict;
import health.datasafe.validator.decision.DecisionKey;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replays the validator's published decisions into a (migrated) validator schema: {@link Topics#TX_VALIDATED} and
 * {@link Topics#TX_REJECTED}, read_committed, every partition from the beginning (or from where an earlier replay into
 * the same schema stopped) up to where each ended when the replay began. Each poll batch is written in one database
 * transaction ({@link RebuiltState}).
 *
 * <p>It trusts nothing it reads: a decision or epoch end must be signed by this validator's key or one of
 * {@code dsh.trust.validators} and name its transaction's hash ({@link DecisionScreen}), and the transaction must pass
 * the consent engine's screen (schema, and the signature of an initiator of {@code dsh.trust.initiators}); a record that
 * fails, or is not the event its topic carries, is skipped, counted and logged. It does not judge again: the
 * judgement was made once, in each patient's partition order, which a replay across partitions does not keep (a
 * clinician registers in another partition than the consent naming him). A validated transaction's change is derived
 * from the transaction itself ({@link ConsentEngine#changeOf}). Epoch ends are not decisions; the highest epoch among
 * them raises the rebuilt {@code epoch_seq}, so epochs go on growing after the switch.
 */
@Component
class ValidatorReplay {

    private static final Logger log = LoggerFactory.getLogger(ValidatorReplay.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
    private static final String CLIENT_ID = "validator-replay";
    private static final List<String> TOPICS = List.of(Topics.TX_VALIDATED, Topics.TX_REJECTED);

    private final ConsumerFactory<String, byte[]> consumers;
    private final DecisionScreen decisions;
    private final ConsentEngine engine;

    ValidatorReplay(ConsumerFactory<String, byte[]> consumers, DecisionScreen decisions, DecisionKey key,
                    ConsentEngine engine) {
        this.consumers = consumers;
        this.decisions = decisions.trusting(key.trusted());
        this.engine = engine;
    }

    /** What one replay call read and wrote. */
    record Replayed(long recordsReplayed, long decisions, long skipped, long duplicates, long conflicts,
                    long anomalies, long highestEpoch) {
    }

    /**
     * Replays into the validator schema {@code target} points at, empty or filled by an earlier replay (which it goes
     * on from); tells {@code progress} after every poll, counting from the beginning of the topics.
     */
    Replayed replay(DataSource target, java.util.function.Consumer<Replay.Progress> progress) {
        var state = new RebuiltState(target);
        var counts = new Counts();
        try (Consumer<String, byte[]> consumer = consumers.createConsumer(null, CLIENT_ID, null)) {
            var assigned = new ArrayList<TopicPartition>();
            for (String topic : TOPICS) {
                List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (partitions == null || partitions.isEmpty()) {
                    throw new IllegalStateException(topic + " has no partitions");
                }
                partitions.forEach(info -> assigned.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(assigned);
            Map<TopicPartition, Long> stored = state.positions();
            for (TopicPartition partition : assigned) {
                Long offset = stored.get(partition);
                if (offset == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, offset);
                }
            }
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            long total = end.entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
            log.info("Replaying {} records of {} into a validator schema, from offsets {} (absent: the beginning)",
                    total, TOPICS, stored);
            Map<TopicPartition, Long> written = new HashMap<>(stored);
            while (!finished(consumer, end)) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
                var batch = new ArrayList<ReplayedDecision>();
                long highestEpoch = 0;
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (beyond(record, end)) {
                        continue;
                    }
                    highestEpoch = Math.max(highestEpoch, read(record, batch, counts));
                }
                Map<TopicPartition, Long> positions = positions(consumer, assigned, end);
                if (!batch.isEmpty() || highestEpoch > 0 || !positions.equals(written)) {
                    RebuiltState.Written wrote = state.write(batch, highestEpoch, positions);
                    counts.add(wrote, highestEpoch);
                    written = positions;
                }
                progress.accept(new Replay.Progress(replayed(consumer, begin, end), total));
            }
            var replayed = new Replayed(replayed(consumer, begin, end), counts.decisions, counts.skipped,
                    counts.duplicates, counts.conflicts, counts.anomalies, counts.highestEpoch);
            log.info("Replayed {} records of {}: {} decisions stored, {} records skipped, {} repeated decisions,"
                            + " {} transactions reusing a decided id, {} changes that changed nothing, highest epoch {}",
                    replayed.recordsReplayed(), TOPICS, replayed.decisions(), replayed.skipped(), replayed.duplicates(),
                    replayed.conflicts(), replayed.anomalies(), replayed.highestEpoch());
            return replayed;
        }
    }

    /** Adds the record's decision to the batch, if it is a verified one; answers the epoch it ends, else 0. */
    private long read(ConsumerRecord<String, byte[]> record, List<ReplayedDecision> batch, Counts counts) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        try {
            if (Topics.TX_VALIDATED.equals(record.topic())) {
                Header event = record.headers().lastHeader(Topics.EVENT_HEADER);
                if (event != null) {
                    return epochEnded(event, record);
                }
                batch.add(validated(decisions.validated(record.value()), where));
            } else {
                batch.add(rejected(decisions.rejected(record.value()), where));
            }
        } catch (RecordRefused refused) {
            counts.skipped++;
            log.warn("Skipping {}: {}", where, refused.reason());
        }
        return 0;
    }

    private long epochEnded(Header event, ConsumerRecord<String, byte[]> record) {
        String name = new String(event.value(), StandardCharsets.UTF_8);
        if (!EpochEnded.EVENT.equals(name)) {
            throw new RecordRefused("an event " + name + " that " + Topics.TX_VALIDATED + " does not carry");
        }
        return decisions.epochEnd(record.value(), record.partition()).epoch();
    }

    private ReplayedDecision validated(TransactionValidated event, String where) {
        Transaction tx = authentic(event.transaction());
        String txHash = event.txHash();
        if (event.validator() == null || event.validatedAt() == null) {
            throw new RecordRefused("transaction " + tx.id() + " was validated by no one or at no time");
        }
        return new ReplayedDecision(tx.id(), txHash, null, null, event.validator(), event.validatedAt(),
                ConsentEngine.changeOf(tx), where);
    }

    private ReplayedDecision rejected(TransactionRejected event, String where) {
        Transaction tx = authentic(event.transaction());
        if (event.reason() == null || event.validator() == null || event.rejectedAt() == null) {
            throw new RecordRefused("transaction " + tx.id() + " was rejected for no reason, by no one or at no time");
        }
        return new ReplayedDecision(tx.id(), event.txHash(), event.reason(), event.detail(), event.validator(),
                event.rejectedAt(), null, where);
    }

    /** The transaction, if it passes the screen every decided transaction passed: schema and initiator signature. */
    private Transaction authentic(Transaction tx) {
        if (tx == null) {
            throw new RecordRefused("no transaction");
        }
        Optional<Verdict.Rejected> refused = engine.screen(tx);
        if (refused.isPresent()) {
            throw new RecordRefused("transaction " + tx.id() + " is " + refused.get().reason() + ": "
                    + refused.get().detail());
        }
        return tx;
    }

    /** A record past the end captured at the start (a poll may return some): the next replay reads it. */
    private static boolean beyond(ConsumerRecord<String, byte[]> record, Map<TopicPartition, Long> end) {
        return record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()));
    }

    private static boolean finished(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** Where to go on from: the consumer's position, but no further than the end captured at the start. */
    private static Map<TopicPartition, Long> positions(Consumer<String, byte[]> consumer, List<TopicPartition> assigned,
                                                       Map<TopicPartition, Long> end) {
        var positions = new HashMap<TopicPartition, Long>();
        for (TopicPartition partition : assigned) {
            positions.put(partition, Math.min(consumer.position(partition), end.get(partition)));
        }
        return positions;
    }

    private static long replayed(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> begin,
                                 Map<TopicPartition, Long> end) {
        return end.keySet().stream()
                .mapToLong(p -> Math.min(consumer.position(p), end.get(p)) - begin.get(p)).sum();
    }

    private static final class Counts {

        private long decisions;
        private long skipped;
        private long duplicates;
        private long conflicts;
        private long anomalies;
        private long highestEpoch;

        private void add(RebuiltState.Written wrote, long epoch) {
            decisions += wrote.decisions();
            duplicates += wrote.duplicates();
            conflicts += wrote.conflicts();
            anomalies += wrote.anomalies();
            highestEpoch = Math.max(highestEpoch, epoch);
        }
    }
}
