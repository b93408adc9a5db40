package health.datasafe.devstack.kafka;

import health.datasafe.contracts.TopicAccess;
import health.datasafe.contracts.Topics;
import health.datasafe.devsupport.RealInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker locked down as docker compose's is (SASL/SCRAM per service, the StandardAuthorizer, ACLs from
 * {@link TopicAccess}): each service principal writes exactly its topics and reads exactly its topics, in its own
 * consumer groups; nobody gets in without the password.
 */
class LockedKafkaIntegrationTest {

    @TempDir
    static Path directory;

    static PersistentKafka kafka;

    @BeforeAll
    static void start() {
        kafka = PersistentKafka.start(directory, RealInfrastructure.singleNodeBrokerProperties(), true);
        kafka.createTopicsIfAbsent(Topics.all(), 1, Topics::configs);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void eachServiceWritesExactlyItsOwnTopicsAndTheDeadLetterTopicsOfWhatItReads() throws Exception {
        for (TopicAccess access : TopicAccess.values()) {
            List<String> written = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            try (var producer = producer(access.principal(), Map.of())) {
                for (String topic : Topics.all()) {
                    try {
                        producer.send(new ProducerRecord<>(topic, "key", "value")).get(30, TimeUnit.SECONDS);
                        written.add(topic);
                    } catch (ExecutionException e) {
                        assertThat(e.getCause()).as(access + " writing " + topic).isInstanceOf(TopicAuthorizationException.class);
                        refused.add(topic);
                    }
                }
            }
            assertThat(written).as(access + " writes").containsExactlyInAnyOrderElementsOf(access.writes());
            assertThat(refused).as(access + " is refused").doesNotContainAnyElementsOf(access.writes()).isNotEmpty();
        }
        // nobody but the ledger may announce a block, nobody but the validator decide
        assertThat(TopicAccess.values()).filteredOn(access -> access.writes().contains(Topics.LEDGER_BLOCKS))
                .containsExactly(TopicAccess.LEDGER);
        assertThat(TopicAccess.values()).filteredOn(access -> access.writes().contains(Topics.TX_VALIDATED))
                .containsExactly(TopicAccess.VALIDATOR);
    }

    @Test
    void eachServiceReadsExactlyItsTopicsInItsOwnGroups() {
        for (TopicAccess access : TopicAccess.values()) {
            var readable = new TreeSet<String>();
            for (String topic : Topics.all()) {
                try (var consumer = consumer(access.principal(), access.groupPrefix() + "-test")) {
                    var partition = new TopicPartition(topic, 0);
                    consumer.assign(List.of(partition));
                    try {
                        // position() waits for the broker's answer, so a refusal cannot hide behind a short poll
                        consumer.position(partition, Duration.ofSeconds(30));
                        consumer.poll(Duration.ofMillis(200));
                        consumer.commitSync();
                        readable.add(topic);
                    } catch (TopicAuthorizationException refused) {
                        assertThat(refused.unauthorizedTopics()).containsExactly(topic);
                    }
                }
            }
            assertThat(readable).as(access + " reads").containsExactlyInAnyOrderElementsOf(access.reads());
        }
    }

    @Test
    void aServiceCannotUseAnotherServicesConsumerGroup() {
        try (var consumer = consumer(TopicAccess.REPORT.principal(), TopicAccess.VALIDATOR.groupPrefix())) {
            consumer.subscribe(List.of(Topics.LEDGER_BLOCKS));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void onlyTheValidatorMayUseTheValidatorsTransactionalIds() {
        try (var producer = producer(TopicAccess.VALIDATOR.principal(), Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "validator-1-tx-0"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(Topics.TX_VALIDATED, "key", "decision"));
            producer.commitTransaction();
        }
        try (var producer = producer(TopicAccess.TRANSACTION.principal(), Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "validator-1-tx-0"))) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
    }

    @Test
    void aClientWithAWrongPasswordIsNotLetIn() {
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings(TopicAccess.LEDGER.principal()));
        settings.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"dsh_ledger\" password=\"guessed\";");
        settings.put("default.api.timeout.ms", 10_000);
        settings.put("request.timeout.ms", 5_000);
        try (var admin = Admin.create(settings)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void theCredentialsAreKeptBesideTheStorageForTheOwnerOnly() throws Exception {
        Path file = directory.resolve("credentials.properties");
        assertThat(Files.getPosixFilePermissions(file)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        assertThat(KafkaCredentials.load(file)).hasValue(kafka.credentials());
        assertThat(kafka.credentials().passwords()).containsOnlyKeys(TopicAccess.ADMIN_PRINCIPAL, "dsh_tx", "dsh_validator",
                "dsh_ledger", "dsh_recovery", "dsh_report");
    }

    private static KafkaProducer<String, String> producer(String principal, Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings(principal));
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        settings.putAll(extra);
        return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String principal, String group) {
        Map<String, Object> settings = new HashMap<>(kafka.clientSettings(principal));
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
    }
}
