package health.datasafe.transaction;

import health.datasafe.contracts.RejectionReason;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionRejected;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.devsupport.TestLedger;
import health.datasafe.devsupport.TestValidator;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Transactions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Test code standing in for the validator-service and one ledger node over the real broker: it consumes
 * {@code dsh.tx.submitted} with a plain consumer, checks each initiator signature, and answers either with a
 * {@link TransactionRejected} signed by its {@link TestValidator} (when a test's rule says so) or with a one-transaction {@code BlockCommitted} built
 * by a {@link TestLedger} (signed, hash-chained, with the shard's log frontier and a signed checkpoint), shard =
 * partition. One per test JVM.
 */
public final class StandInValidatorAndLedger {

    private static StandInValidatorAndLedger instance;

    private final JsonMapper json = JsonMapper.builder().disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private final TestLedger ledger;
    private final TestValidator validator = new TestValidator(Ed25519.SigningKey.generate(), "stand-in");
    private final Ed25519.VerifyingKey trustedInitiator;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> submittedValues = new CopyOnWriteArrayList<>();
    private final List<Transaction> submitted = new CopyOnWriteArrayList<>();
    private final Map<String, String> rejections = new ConcurrentHashMap<>();
    private final KafkaProducer<String, byte[]> producer;

    /** What to do with a matching transaction: reject it with the reason, or (reason null) never answer. */
    private record Rule(Predicate<Transaction> when, RejectionReason reason, String detail) {
    }

    /** The stand-in validator whose rejections the service trusts ({@code dsh.trust.validators}). */
    public TestValidator validator() {
        return validator;
    }

    private StandInValidatorAndLedger(Ed25519.VerifyingKey trustedInitiator, Ed25519.SigningKey ledgerKey) {
        this.trustedInitiator = trustedInitiator;
        this.ledger = new TestLedger(ledgerKey);
        String bootstrap = RealInfrastructure.kafkaBootstrapServers();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "stand-in-validator-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.TX_SUBMITTED));
        var thread = new Thread(() -> {
            while (true) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    answer(record.partition(), record.value());
                }
            }
        }, "stand-in-validator-and-ledger");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts the stand-in once per JVM: it accepts transactions signed by {@code trustedInitiator}, signs blocks with {@code ledgerKey}. */
    public static synchronized StandInValidatorAndLedger start(Ed25519.VerifyingKey trustedInitiator, Ed25519.SigningKey ledgerKey) {
        if (instance == null) {
            instance = new StandInValidatorAndLedger(trustedInitiator, ledgerKey);
        }
        return instance;
    }

    /** Rejects every later transaction that matches, with this reason. */
    public void rejectWhen(Predicate<Transaction> when, RejectionReason reason, String detail) {
        rules.add(new Rule(when, reason, detail));
    }

    /** Never answers a later transaction that matches: it stays PENDING. */
    public void holdWhen(Predicate<Transaction> when) {
        rules.add(new Rule(when, null, null));
    }

    /** Every transaction seen on {@code dsh.tx.submitted}, in the order seen. */
    public List<Transaction> submitted() {
        return List.copyOf(submitted);
    }

    /** Every raw value seen on {@code dsh.tx.submitted}. */
    public List<String> submittedValues() {
        return List.copyOf(submittedValues);
    }

    /** The exact JSON of the rejection published for the transaction, for publishing it again. */
    public String rejectionOf(String transactionId) {
        return rejections.get(transactionId);
    }

    public void publish(String topic, String key, String value) {
        publish(topic, key, value.getBytes(StandardCharsets.UTF_8));
    }

    public void publish(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
    }

    private void answer(int partition, String value) {
        submittedValues.add(value);
        Transaction tx = json.readValue(value, TransactionSubmitted.class).transaction();
        submitted.add(tx);
        if (!trustedInitiator.keyId().equals(tx.initiator()) || !Transactions.signatureValid(tx, trustedInitiator)) {
            reject(tx, RejectionReason.SIGNATURE_INVALID, "not signed by the trusted initiator");
            return;
        }
        for (Rule rule : rules) {
            if (rule.when().test(tx)) {
                if (rule.reason() != null) {
                    reject(tx, rule.reason(), rule.detail());
                }
                return;
            }
        }
        commit(partition, tx);
    }

    private void reject(Transaction tx, RejectionReason reason, String detail) {
        String rejection = json.writeValueAsString(validator.rejected(tx, reason, detail));
        rejections.put(tx.id(), rejection);
        publish(Topics.TX_REJECTED, tx.partitionKey(), rejection);
    }

    private void commit(int shard, Transaction tx) {
        publish(Topics.LEDGER_BLOCKS, Integer.toString(shard), json.writeValueAsString(ledger.block(shard, tx)));
    }
}
