package health.datasafe.validator.epoch;

import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.validator.ValidatorSettings;
import health.datasafe.validator.decision.DecisionKey;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.utils.Utils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes accepted transactions to {@link Topics#TX_VALIDATED} and ends their epochs there: an {@link EpochEnded} in
 * every partition, after the transactions it closes, in the same Kafka transaction. An epoch ends at the end of each
 * poll batch that validated anything, and early, as soon as one partition holds
 * {@link ValidatorSettings#maxBlockTransactions()} transactions of it, so no block grows past that. Epoch numbers come
 * from a database sequence, so they grow across restarts and instances.
 */
@Component
public class EpochWriter {

    private static final byte[] EPOCH_ENDED = EpochEnded.EVENT.getBytes(StandardCharsets.UTF_8);

    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final JdbcClient jdbc;
    private final DecisionKey signer;
    private final int maxBlockTransactions;
    private final Clock clock;

    EpochWriter(KafkaTemplate<String, byte[]> kafka, JsonMapper json, JdbcClient jdbc, ValidatorSettings settings,
                DecisionKey signer, Clock clock) {
        this.kafka = kafka;
        this.json = json;
        this.jdbc = jdbc;
        this.signer = signer;
        this.maxBlockTransactions = settings.maxBlockTransactions();
        this.clock = clock;
    }

    /** An open epoch for one poll batch; call inside the batch's Kafka transaction. */
    public Epoch open() {
        return new Epoch(kafka.partitionsFor(Topics.TX_VALIDATED).size());
    }

    /** The epoch in progress: how many transactions each partition of {@link Topics#TX_VALIDATED} holds in it. */
    public final class Epoch {

        private final int[] held;
        private int total;

        private Epoch(int partitions) {
            if (partitions < 1) {
                throw new IllegalStateException(Topics.TX_VALIDATED + " has no partitions");
            }
            held = new int[partitions];
        }

        /**
         * Writes a validated transaction to the partition its key maps to (as Kafka's default partitioner would; a
         * transaction without key goes to {@code fallbackPartition}); ends the epoch when that partition is full.
         */
        public void write(String key, TransactionValidated event, int fallbackPartition) {
            int partition = key == null ? Math.floorMod(fallbackPartition, held.length)
                    : Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % held.length;
            kafka.send(new ProducerRecord<>(Topics.TX_VALIDATED, partition, key, json.writeValueAsBytes(event)));
            total++;
            if (++held[partition] >= maxBlockTransactions) {
                end();
            }
        }

        /** Ends the epoch in every partition, if it holds any transaction, and opens the next. */
        public void end() {
            if (total == 0) {
                return;
            }
            long number = jdbc.sql("SELECT nextval('epoch_seq')").query(Long.class).single();
            Instant endedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            for (int partition = 0; partition < held.length; partition++) {
                byte[] ended = json.writeValueAsBytes(signer.epochEnded(number, partition, endedAt));
                var record = new ProducerRecord<String, byte[]>(Topics.TX_VALIDATED, partition, null, ended,
                        List.of(new RecordHeader(Topics.EVENT_HEADER, EPOCH_ENDED)));
                kafka.send(record);
                held[partition] = 0;
            }
            total = 0;
        }
    }
}
