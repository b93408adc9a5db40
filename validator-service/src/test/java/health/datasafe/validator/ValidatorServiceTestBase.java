package health.datasafe.validator;

import health.datasafe.contracts.EpochEnded;
import health.datasafe.devsupport.TestValidator;
import health.datasafe.integrity.Ed25519;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionSubmitted;
import health.datasafe.devsupport.DeadLetterTopic;
import health.datasafe.devsupport.DeadLetterTopic.DeadLetter;
import health.datasafe.devsupport.RealInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * The validator-service on the real broker and database, trusting {@link #INITIATOR}. All integration test classes
 * extending this share one application context; each test uses ids of its own. Inputs are published with a plain
 * producer, outputs read with a plain read_committed consumer, as the other services would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ValidatorServiceTestBase {

    protected static final Duration PATIENCE = Duration.ofSeconds(30);
    protected static final String VALIDATOR_ID = "validator-it";
    protected static final int MAX_BLOCK_TRANSACTIONS = 3;
    /** The validator's consumer group (spring.kafka.consumer.group-id). */
    protected static final String CONSUMER_GROUP = "validator-service";
    /** The initiator the validator under test trusts. */
    protected static final TestInitiator INITIATOR = new TestInitiator();
    /** The key the validator under test signs its decisions with ({@code dsh.validator.private-key}). */
    protected static final Ed25519.SigningKey VALIDATOR_KEY = Ed25519.SigningKey.generate();
    /** Signs decisions as the validator under test does, with its key and name. */
    protected static final TestValidator SIGNER = new TestValidator(VALIDATOR_KEY, VALIDATOR_ID);

    private static KafkaProducer<String, byte[]> producer;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, "validator");
        registry.add("dsh.trust.initiators", INITIATOR::publicKey);
        registry.add("dsh.validator.id", () -> VALIDATOR_ID);
        registry.add("dsh.validator.private-key", VALIDATOR_KEY::toPkcs8);
        registry.add("dsh.validator.max-block-transactions", () -> MAX_BLOCK_TRANSACTIONS);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JsonMapper json;

    private final List<KafkaConsumer<String, byte[]>> consumers = new ArrayList<>();
    private final List<Output> outputs = new ArrayList<>();
    private final List<EpochMark> epochEnds = new ArrayList<>();
    private KafkaConsumer<String, byte[]> outputConsumer;

    @AfterEach
    void closeConsumers() {
        consumers.forEach(KafkaConsumer::close);
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    /** One decision as published on dsh.tx.validated or dsh.tx.rejected. */
    protected record Output(String topic, String key, String txId, String reason, String detail, String validator,
                            String decidedAt, String txHash, String value, int partition, long offset) {

        public boolean validated() {
            return Topics.TX_VALIDATED.equals(topic);
        }
    }

    /** An epoch end as published on dsh.tx.validated, and where. */
    protected record EpochMark(int partition, long offset, EpochEnded end) {
    }

    /** The first epoch end after the output in its partition, or null while there is none. */
    protected EpochMark epochEndAfter(Output output) {
        return epochEndsSoFar().stream()
                .filter(mark -> mark.partition() == output.partition() && mark.offset() > output.offset())
                .min(java.util.Comparator.comparingLong(EpochMark::offset)).orElse(null);
    }

    /** Every epoch end published on dsh.tx.validated so far, in the order read (offset order per partition). */
    protected List<EpochMark> epochEndsSoFar() {
        pollOutputs();
        return List.copyOf(epochEnds);
    }

    protected RecordMetadata submit(Transaction tx) throws Exception {
        return submitRaw(tx.partitionKey(), json.writeValueAsBytes(new TransactionSubmitted(tx)));
    }

    protected RecordMetadata submitRaw(String key, byte[] value) throws Exception {
        return publishRaw(Topics.TX_SUBMITTED, key, value);
    }

    /** Publishes a record on any topic, as a plain (non-transactional) producer would. */
    protected RecordMetadata publishRaw(String topic, String key, byte[] value) throws Exception {
        return producer().send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }

    /** Waits until the validator's consumer group has committed its offset past the submitted record. */
    protected void awaitConsumedPast(RecordMetadata submitted) throws Exception {
        var partition = new TopicPartition(submitted.topic(), submitted.partition());
        try (var admin = Admin.create(Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers()))) {
            await().atMost(PATIENCE).until(() -> {
                var committed = admin.listConsumerGroupOffsets(CONSUMER_GROUP).partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS).get(partition);
                return committed != null && committed.offset() > submitted.offset();
            });
        }
    }

    /** Waits for the first decision on the transaction. */
    protected Output awaitDecision(Transaction tx) {
        return awaitDecisions(tx, 1).getFirst();
    }

    /** Waits until at least {@code count} decisions on the transaction were published; returns them in order. */
    protected List<Output> awaitDecisions(Transaction tx, int count) {
        await().atMost(PATIENCE).until(() -> {
            pollOutputs();
            return decisionsOn(tx).size() >= count;
        });
        return decisionsOn(tx);
    }

    private List<Output> decisionsOn(Transaction tx) {
        return outputs.stream().filter(output -> tx.id().equals(output.txId())).toList();
    }

    private void pollOutputs() {
        if (outputConsumer == null) {
            outputConsumer = fromTheStart(Topics.TX_VALIDATED, Topics.TX_REJECTED);
        }
        for (var record : outputConsumer.poll(Duration.ofMillis(200))) {
            if (record.headers().lastHeader(Topics.EVENT_HEADER) != null) {
                epochEnds.add(new EpochMark(record.partition(), record.offset(),
                        json.readValue(record.value(), EpochEnded.class)));
                continue;
            }
            JsonNode value = json.readTree(record.value());
            boolean validated = Topics.TX_VALIDATED.equals(record.topic());
            outputs.add(new Output(record.topic(), record.key(), value.path("transaction").path("id").asString(null),
                    validated ? null : value.path("reason").asString(null),
                    validated ? null : value.path("detail").asString(null),
                    value.path("validator").asString(null),
                    value.path(validated ? "validatedAt" : "rejectedAt").asString(null),
                    validated ? value.path("txHash").asString(null) : null,
                    new String(record.value(), StandardCharsets.UTF_8), record.partition(), record.offset()));
        }
    }

    /** Waits for a record on dsh.tx.submitted.dlt whose value matches. */
    protected DeadLetter awaitDeadLetter(Predicate<byte[]> value) {
        return new DeadLetterTopic(Topics.TX_SUBMITTED).awaitFirst(value);
    }

    /** Waits until every one of the values is on dsh.tx.submitted.dlt; answers them in the order given. */
    protected List<DeadLetter> awaitDeadLetters(List<byte[]> values) {
        return new DeadLetterTopic(Topics.TX_SUBMITTED).awaitAll(values);
    }

    /** Every decision published on the transaction so far (after {@link #awaitDecision} of a later one: all of them). */
    protected List<Output> decisionsSoFar(Transaction tx) {
        pollOutputs();
        return decisionsOn(tx);
    }

    /** A read_committed consumer assigned every partition of the topics, from their beginning; no group. */
    private KafkaConsumer<String, byte[]> fromTheStart(String... topics) {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "validator-test-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumers.add(consumer);
        var partitions = new ArrayList<TopicPartition>();
        for (String topic : topics) {
            IntStream.range(0, RealInfrastructure.PARTITIONS).forEach(p -> partitions.add(new TopicPartition(topic, p)));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.CLIENT_ID_CONFIG, "initiator-" + UUID.randomUUID().toString().toLowerCase(Locale.ROOT)),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }
}
