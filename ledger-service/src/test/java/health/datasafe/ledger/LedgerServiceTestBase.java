package health.datasafe.ledger;

import health.datasafe.contracts.BlockCommitted;
import health.datasafe.contracts.CheckpointSigned;
import health.datasafe.contracts.EpochEnded;
import health.datasafe.contracts.Role;
import health.datasafe.contracts.Topics;
import health.datasafe.contracts.Transaction;
import health.datasafe.contracts.TransactionValidated;
import health.datasafe.devsupport.DeadLetterTopic;
import health.datasafe.devsupport.DeadLetterTopic.DeadLetter;
import health.datasafe.devsupport.RealInfrastructure;
import health.datasafe.integrity.Checkpoint;
import health.datasafe.integrity.Ed25519;
import health.datasafe.integrity.Hex;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * The ledger-service on the real broker and database, trusting {@link #INITIATOR} and {@link TestInitiator#VALIDATOR}
 * and signing with {@link #NODE_KEY}.
 * All test classes share one application context (so one committer writes the ledger); each test uses patients and
 * transactions of its own. Inputs are published with a plain producer as the validator would (transactions, then an
 * {@link EpochEnded} in every partition), outputs read with plain consumers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class LedgerServiceTestBase {

    protected static final Duration PATIENCE = Duration.ofSeconds(30);
    protected static final TestInitiator INITIATOR = new TestInitiator();
    protected static final Ed25519.SigningKey NODE_KEY = Ed25519.SigningKey.generate();
    /** The outside witness whose cosignatures of checkpoints the node keeps. */
    protected static final String WITNESS = "witness.hospital.example/w1";
    protected static final Ed25519.SigningKey WITNESS_KEY = Ed25519.SigningKey.generate();

    private static KafkaProducer<String, byte[]> producer;
    /** Epoch numbers for {@link #endEpoch()}: above any a ledger of an earlier run in the same database completed. */
    private static final AtomicLong EPOCHS = new AtomicLong(System.currentTimeMillis());

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, "ledger");
        registry.add("dsh.trust.initiators", INITIATOR::publicKey);
        registry.add("dsh.trust.validators", TestInitiator.VALIDATOR::publicKeyX509);
        registry.add("dsh.ledger.private-key", NODE_KEY::toPkcs8);
        registry.add("dsh.ledger.witnesses[" + WITNESS + "]", () -> WITNESS_KEY.verifyingKey().toX509());
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JsonMapper json;

    @Autowired
    protected JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<KafkaConsumer<String, byte[]>> consumers = new ArrayList<>();

    @AfterEach
    void closeConsumers() {
        consumers.forEach(KafkaConsumer::close);
        consumers.clear();
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    /** Where a transaction was committed, read from the database. */
    protected record Committed(String txId, int shard, long height, long leafIndex, String txHash) {
    }

    /** Publishes the transaction and ends an epoch: it is committed in a block of its own. */
    protected RecordMetadata publish(Transaction tx) throws Exception {
        RecordMetadata sent = publishInOpenEpoch(tx);
        endEpoch();
        return sent;
    }

    /** Publishes the transaction without ending the epoch: it waits for the next {@link #endEpoch()}. */
    protected RecordMetadata publishInOpenEpoch(Transaction tx) throws Exception {
        return publish(TestInitiator.validated(tx));
    }

    protected RecordMetadata publish(TransactionValidated event) throws Exception {
        return publishRaw(event.transaction().partitionKey(), json.writeValueAsBytes(event));
    }

    /** Ends the next epoch in every partition, stamped with the current time; answers its end in partition 0. */
    protected EpochEnded endEpoch() throws Exception {
        return endEpoch(EPOCHS.incrementAndGet(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** Publishes the end of this epoch in every partition, each signed for its partition; answers the one of 0. */
    protected EpochEnded endEpoch(long epoch, Instant endedAt) throws Exception {
        for (int partition = RealInfrastructure.PARTITIONS - 1; partition >= 0; partition--) {
            endEpoch(TestInitiator.VALIDATOR.epochEnded(epoch, partition, endedAt), partition);
        }
        return TestInitiator.VALIDATOR.epochEnded(epoch, 0, endedAt);
    }

    /** Publishes this epoch end in one partition; answers where it went. */
    protected RecordMetadata endEpoch(EpochEnded end, int partition) throws Exception {
        return endEpoch(end, partition, null);
    }

    /** Publishes this epoch end in one partition under a key (the validator's have none); answers where it went. */
    protected RecordMetadata endEpoch(EpochEnded end, int partition, String key) throws Exception {
        var record = new ProducerRecord<String, byte[]>(Topics.TX_VALIDATED, partition, key, json.writeValueAsBytes(end),
                List.of(new RecordHeader(Topics.EVENT_HEADER, EpochEnded.EVENT.getBytes(StandardCharsets.UTF_8))));
        return producer().send(record).get(10, TimeUnit.SECONDS);
    }

    /** The number of an epoch older than every epoch ended so far. */
    protected static long staleEpoch() {
        return 1;
    }

    protected RecordMetadata publishRaw(String key, byte[] value) throws Exception {
        return producer().send(new ProducerRecord<>(Topics.TX_VALIDATED, key, value)).get(10, TimeUnit.SECONDS);
    }

    /** Waits until every transaction is committed; answers where, in the order asked. */
    protected List<Committed> awaitCommitted(List<Transaction> transactions) {
        var ids = transactions.stream().map(Transaction::id).toList();
        await().atMost(PATIENCE).until(() -> committed(ids).size() == ids.size());
        Map<String, Committed> byId = new HashMap<>();
        committed(ids).forEach(place -> byId.put(place.txId(), place));
        return ids.stream().map(byId::get).toList();
    }

    protected List<Committed> committed(List<String> txIds) {
        return jdbc.query("""
                        SELECT tx_id, shard, height, leaf_index, tx_hash FROM ledger_tx WHERE tx_id = ANY (?)
                        ORDER BY shard, leaf_index""",
                (rs, row) -> new Committed(rs.getString("tx_id"), rs.getInt("shard"), rs.getLong("height"),
                        rs.getLong("leaf_index"), Hex.of(rs.getBytes("tx_hash"))),
                (Object) txIds.toArray(String[]::new));
    }

    /** Every BlockCommitted on dsh.ledger.blocks so far that holds one of the transactions, in topic order per shard. */
    protected List<BlockCommitted> announcementsOf(List<String> txIds) {
        var consumer = fromTheStart(Topics.LEDGER_BLOCKS);
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        var found = new ArrayList<BlockCommitted>();
        await().atMost(PATIENCE).until(() -> {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                BlockCommitted block = json.readValue(record.value(), BlockCommitted.class);
                if (block.transactions().stream().anyMatch(tx -> txIds.contains(tx.transaction().id()))) {
                    found.add(block);
                }
            }
            return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
        });
        return found;
    }

    /** Every value on the topic so far, in order per partition. */
    protected List<byte[]> recordsOf(String topic) {
        var consumer = fromTheStart(topic);
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        var values = new ArrayList<byte[]>();
        await().atMost(PATIENCE).until(() -> {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                values.add(record.value());
            }
            return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
        });
        return values;
    }

    /** Waits for every listed transaction to be announced at least once; answers all announcements holding them. */
    protected List<BlockCommitted> awaitAnnounced(List<String> txIds) {
        var announced = new ArrayList<BlockCommitted>();
        await().atMost(PATIENCE).until(() -> {
            announced.clear();
            announced.addAll(announcementsOf(txIds));
            return txIds.stream().allMatch(id -> announced.stream().anyMatch(block ->
                    block.transactions().stream().anyMatch(tx -> tx.transaction().id().equals(id))));
        });
        return announced;
    }

    /** Waits for records on dsh.tx.validated.dlt with this key until {@code count} are there; answers them in order. */
    protected List<DeadLetter> awaitDeadLetters(String key, int count) {
        return new DeadLetterTopic(Topics.TX_VALIDATED).awaitForKey(key, count);
    }

    /** Every record on dsh.tx.validated.dlt with this key, read to the end of the topic. */
    protected List<DeadLetter> deadLettersOf(String key) {
        return new DeadLetterTopic(Topics.TX_VALIDATED).allForKey(key);
    }

    /** A read_committed consumer assigned every partition of the topic, from the beginning; no group. */
    protected KafkaConsumer<String, byte[]> fromTheStart(String topic) {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "ledger-test-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumers.add(consumer);
        var partitions = IntStream.range(0, RealInfrastructure.PARTITIONS)
                .mapToObj(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** The end offset (next offset to be written) of a partition of dsh.tx.validated. */
    protected long endOffset(int partition) {
        var consumer = fromTheStart(Topics.TX_VALIDATED);
        var topicPartition = new TopicPartition(Topics.TX_VALIDATED, partition);
        return consumer.endOffsets(List.of(topicPartition)).get(topicPartition);
    }

    protected Long storedOffset(int partition) {
        return jdbc.query("SELECT next_offset FROM consumed_offset WHERE topic = ? AND kafka_partition = ?",
                (rs, row) -> rs.getLong(1), Topics.TX_VALIDATED, partition).stream().findFirst().orElse(null);
    }

    protected String token(String subject, Role role) {
        return RealInfrastructure.tokens().mint(subject, role);
    }

    protected HttpResponse<String> get(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<byte[]> getBytes(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The checkpoint stored with block {@code height} of {@code shard}. */
    protected String storedCheckpoint(int shard, long height) {
        return jdbc.queryForObject("SELECT note FROM checkpoint WHERE shard = ? AND height = ?", String.class, shard,
                height);
    }

    /** The checkpoint stored with a block, its signature verified with the node key. */
    protected Checkpoint verifiedCheckpoint(int shard, long height) {
        return Checkpoint.verify(storedCheckpoint(shard, height), NODE_KEY.verifyingKey());
    }

    /** The log size of block {@code height} of {@code shard}. */
    protected long logSize(int shard, long height) {
        return jdbc.queryForObject("SELECT log_size FROM block WHERE shard = ? AND height = ?", Long.class, shard, height);
    }

    /** Every CheckpointSigned on dsh.ledger.checkpoints so far after a block of this shard, with its key, in order. */
    protected List<Map.Entry<String, CheckpointSigned>> checkpointsSignedAfter(int shard, long height) {
        var consumer = fromTheStart(Topics.LEDGER_CHECKPOINTS);
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        var found = new ArrayList<Map.Entry<String, CheckpointSigned>>();
        await().atMost(PATIENCE).until(() -> {
            for (var record : consumer.poll(Duration.ofMillis(200))) {
                CheckpointSigned signed = json.readValue(record.value(), CheckpointSigned.class);
                if (signed.shard() == shard && signed.height() == height) {
                    found.add(Map.entry(record.key(), signed));
                }
            }
            return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
        });
        return found;
    }

    /** The rows a query answers, byte arrays as hex, so that rows of two ledgers compare by value. */
    protected static List<Map<String, Object>> rows(JdbcTemplate jdbc, String query) {
        var rows = new ArrayList<Map<String, Object>>();
        for (Map<String, Object> row : jdbc.queryForList(query)) {
            var comparable = new HashMap<String, Object>();
            row.forEach((column, value) -> comparable.put(column,
                    value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : value));
            rows.add(comparable);
        }
        return rows;
    }

    protected JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    protected static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.CLIENT_ID_CONFIG, "validator-test-" + UUID.randomUUID()),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }
}
