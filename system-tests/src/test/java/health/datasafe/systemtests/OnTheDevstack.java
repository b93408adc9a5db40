package health.datasafe.systemtests;

import health.datasafe.contracts.Role;
import health.datasafe.contracts.TopicAccess;
import health.datasafe.devstack.Devstack;
import health.datasafe.devstack.DevstackOptions;
import health.datasafe.devstack.RunningDevstack;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A test class that runs on a whole devstack of its own (real broker, real PostgreSQL, the service JVMs, one ledger
 * node unless it asks for more with {@link LedgerNodes}), started in a fresh data directory before its tests and
 * stopped after them.
 */
abstract class OnTheDevstack {

    /** Kept when a test fails: its logs (logs/*.log), topics and tables are what tells why. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dataDir;

    static RunningDevstack stack;

    /** Each caller's key, made the first time {@link #as} is asked for her: one key per identity, as in life. */
    private static final Map<String, Gateway.User> USERS = new ConcurrentHashMap<>();

    @BeforeAll
    static void startDevstack(TestInfo test) {
        int nodes = test.getTestClass().map(type -> type.getAnnotation(LedgerNodes.class)).map(LedgerNodes::value)
                .orElse(1);
        boolean kafkaLocked = test.getTestClass().map(type -> type.isAnnotationPresent(KafkaLocked.class)).orElse(false);
        stack = Devstack.start(DevstackOptions.forTests(dataDir).withLedgerNodes(nodes).withKafkaAuth(kafkaLocked));
    }

    /**
     * The test class's devstack locks Kafka down ({@code --kafka-auth}, as docker compose does): each service its own
     * SCRAM user, held by ACLs to its own topics.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface KafkaLocked {
    }

    /** How many ledger nodes the test class's devstack runs (one without this annotation). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface LedgerNodes {
        int value();
    }

    /** The devstack ledger's genesis document, as an auditor pins it. */
    static Path genesisFile() {
        return stack.keys().ledger().genesisFile();
    }

    @AfterAll
    static void stopDevstack() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }

    /**
     * The gateway as a caller with a token for this subject and role, and her key: she registers it and signs what
     * she must (see {@link Gateway}); a {@code new Gateway(url, token)} sends in her name without it.
     */
    Gateway as(String subject, Role role) {
        Gateway.User user = USERS.computeIfAbsent(subject + "/" + role, any -> Gateway.User.fresh(subject, role));
        return new Gateway(stack.gatewayUrl(), stack.tokens().mint(subject, role), user);
    }

    /** A connection to the devstack's database, as its owner. */
    Connection database() throws Exception {
        var db = stack.postgres();
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }

    /**
     * Each accepted request's transaction as its patient reads it ({@code GET /api/transactions/{id}}), once every one
     * is {@code settled} or {@code atMost} has passed (then those not settled are as last read; a reply other than 200
     * is kept as {@code {"status":"HTTP <code>"}}). Reads 16 at a time.
     */
    Map<String, JsonNode> transactionsOnceSettled(List<SteadyLoad.Request> accepted, Duration atMost,
                                                  Predicate<JsonNode> settled) {
        Map<String, JsonNode> read = new ConcurrentHashMap<>();
        Predicate<SteadyLoad.Request> done = r -> read.containsKey(r.transactionId()) && settled.test(read.get(r.transactionId()));
        try {
            await().atMost(atMost).pollInterval(Duration.ofSeconds(2)).until(() -> {
                var limit = new Semaphore(16);
                try (var readers = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (var request : accepted.stream().filter(done.negate()).toList()) {
                        readers.submit(() -> {
                            limit.acquire();
                            try {
                                var reply = new Gateway(stack.gatewayUrl(), stack.tokens().mint(request.patient(), Role.PATIENT))
                                        .get("/api/transactions/" + request.transactionId());
                                read.put(request.transactionId(), reply.status() == 200 ? reply.json()
                                        : JsonNodeFactory.instance.objectNode()
                                                .put("status", "HTTP " + reply.status()));
                            } finally {
                                limit.release();
                            }
                            return null;
                        });
                    }
                }
                return accepted.stream().allMatch(done);
            });
        } catch (ConditionTimeoutException stillUnsettled) {
            // the caller names each transaction that never settled
        }
        return read;
    }

    /**
     * The transactions one ledger node (its schema: {@code ledger}, {@code ledger_2}, ...) committed for patients whose
     * id starts with {@code run-}, by "patient kind" ({@link SteadyLoad.Kind}), oldest first in each shard.
     */
    Map<String, List<String>> committedByPatientAndKind(String schema, String run) throws Exception {
        Map<String, List<String>> committed = new HashMap<>();
        try (Connection db = database(); var statement = db.prepareStatement("SELECT patient_id, "
                + "convert_from(canonical_json, 'UTF8')::jsonb ->> 'type', tx_id FROM " + schema
                + ".ledger_tx WHERE patient_id LIKE ? ORDER BY shard, leaf_index")) {
            statement.setString(1, run + "-%");
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    committed.computeIfAbsent(rows.getString(1) + " " + SteadyLoad.Kind.valueOf(rows.getString(2)),
                            key -> new ArrayList<>()).add(rows.getString(3));
                }
            }
        }
        return committed;
    }

    /**
     * Hands {@code each} every record on these topics, from the beginning up to where each partition ended when it was
     * called, within {@code atMost}.
     */
    void readFromTheBeginning(Collection<String> topics, Duration atMost,
                              Consumer<ConsumerRecord<byte[], byte[]>> each) {
        // as the operator: a super user when Kafka is locked down
        Map<String, Object> settings = new HashMap<>(stack.kafkaClientSettings(TopicAccess.ADMIN_PRINCIPAL));
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (var consumer = new KafkaConsumer<byte[], byte[]>(settings)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(atMost).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(each);
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            });
        }
    }
}
