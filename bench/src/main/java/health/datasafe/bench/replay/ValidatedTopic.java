package health.datasafe.bench.replay;

import health.datasafe.bench.verify.SyntheticTransactions;
import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.integrity.Decisions;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Transactions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Fills {@link Topics#TX_VALIDATED} as the validator's {@code EpochWriter} would: each synthetic transaction
 * ({@link SyntheticTransactions}: random ids, no health content), signed by the initiator key, as the JSON of a
 * {@link TransactionValidated} signed by the validator key, written by the service's own JSON mapper, keyed by its partition key and sent to the
 * partition Kafka's default partitioner picks for that key; as soon as one partition holds {@code epochSize}
 * transactions of the open epoch (and after the last transaction), an {@link EpochEnded} with header
 * {@link Topics#EVENT_HEADER} = {@value EpochEnded#EVENT} in every partition, signed for it, in the same Kafka transaction as the
 * transactions it closes. Signing is spread over the processors; how fast this goes is not measured.
 */
final class ValidatedTopic {

    private static final String VALIDATOR = "validator-bench";
    private static final byte[] EPOCH_ENDED = EpochEnded.EVENT.getBytes(StandardCharsets.UTF_8);
    /** Transactions generated and signed at a time, before they are produced. */
    private static final int CHUNK = 10_000;

    private final String bootstrapServers;
    private final JsonMapper json;
    private final Ed25519.SigningKey initiator;
    private final Ed25519.SigningKey validator;

    ValidatedTopic(String bootstrapServers, JsonMapper json, Ed25519.SigningKey initiator,
                   Ed25519.SigningKey validator) {
        this.bootstrapServers = bootstrapServers;
        this.json = json;
        this.initiator = initiator;
        this.validator = validator;
    }

    FilledTopic fill(int transactions, int partitions, int epochSize) {
        long start = System.nanoTime();
        var people = new SyntheticTransactions(new SplittableRandom(0x5eed_7e91L));
        String initiatorId = initiator.verifyingKey().keyId();
        String validatorId = validator.verifyingKey().keyId();
        Instant firstSubmit = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(transactions + 1000L, ChronoUnit.MILLIS);
        int[] held = new int[partitions];
        long[] byPartition = new long[partitions];
        long epochs = 0;
        long bytes = 0;
        long transactionBytes = 0;
        long kafkaTransactions = 0;
        int open = 0;
        try (var producer = new KafkaProducer<String, byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "dsh-bench-validator",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int from = 0; from < transactions; from += CHUNK) {
                int to = Math.min(transactions, from + CHUNK);
                int first = from;
                List<Transaction> unsigned = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    unsigned.add(people.transaction(firstSubmit.plusMillis(i), initiatorId));
                }
                List<TransactionValidated> signed = IntStream.range(0, unsigned.size()).parallel()
                        .mapToObj(i -> {
                            Transaction tx = Transactions.sign(unsigned.get(i), initiator);
                            return Decisions.sign(TransactionValidated.unsigned(tx, Transactions.hash(tx), VALIDATOR,
                                    firstSubmit.plusMillis(first + i + 1L), validatorId), validator);
                        }).toList();
                for (int i = 0; i < signed.size(); i++) {
                    TransactionValidated validated = signed.get(i);
                    String key = validated.transaction().partitionKey();
                    int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
                    byte[] value = json.writeValueAsBytes(validated);
                    producer.send(new ProducerRecord<>(Topics.TX_VALIDATED, partition, key, value));
                    bytes += value.length;
                    transactionBytes += value.length;
                    byPartition[partition]++;
                    open++;
                    if (++held[partition] >= epochSize || first + i + 1 == transactions) {
                        epochs++;
                        Instant endedAt = firstSubmit.plusMillis(first + i + 2L);
                        for (int p = 0; p < partitions; p++) {
                            byte[] ended = json.writeValueAsBytes(Decisions.sign(EpochEnded.unsigned(epochs, p,
                                    endedAt, VALIDATOR, validatorId), validator));
                            producer.send(new ProducerRecord<String, byte[]>(Topics.TX_VALIDATED, p, null, ended,
                                    List.of(new RecordHeader(Topics.EVENT_HEADER, EPOCH_ENDED))));
                            bytes += ended.length;
                        }
                        producer.commitTransaction();
                        kafkaTransactions++;
                        Arrays.fill(held, 0);
                        open = 0;
                        if (first + i + 1 < transactions) {
                            producer.beginTransaction();
                        }
                    }
                }
            }
            if (open > 0) {
                throw new IllegalStateException("the last epoch was not ended");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new FilledTopic(transactions, epochs, transactions + epochs * partitions, partitions, epochSize,
                Arrays.stream(byPartition).boxed().toList(), bytes,
                transactions == 0 ? 0 : (double) transactionBytes / transactions, kafkaTransactions, seconds);
    }
}
