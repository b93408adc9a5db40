package health.datasafe.kit.kafka;

import health.datasafe.contracts.Topics;
import health.datasafe.devsupport.RealInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TopicSetup on a broker of its own (the shared test broker has every topic already): on an empty broker it creates
 * every topic with exactly the configs that keep its records; on a broker whose topics were made before those
 * configs, it sets them and leaves the partitions as they are.
 */
class TopicSetupIntegrationTest {

    private static final Map<String, String> KEPT = Map.of("retention.ms", "-1", "retention.bytes", "-1");
    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact", "retention.ms", "-1",
            "retention.bytes", "-1", "min.compaction.lag.ms", "86400000", "max.message.bytes", "2097152");

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void emptyBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(RealInfrastructure.singleNodeBrokerProperties());
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void missingTopicsAreCreatedToKeepTransactionsBlocksAndCheckpointsForEverAndToCompactTheVault() throws Exception {
        try (Admin admin = admin()) {
            deleteAll(admin);

            setup(3).afterSingletonsInstantiated();

            var configs = topicConfigs(admin, Topics.all());
            for (String kept : List.of("dsh.tx.submitted", "dsh.tx.validated", "dsh.tx.rejected", "dsh.ledger.blocks",
                    "dsh.ledger.checkpoints")) {
                assertThat(configs.get(kept)).as(kept).isEqualTo(KEPT);
            }
            assertThat(configs.get("dsh.vault.records")).isEqualTo(COMPACTED);
            assertThat(configs.get("dsh.vault.keys")).isEqualTo(COMPACTED);
            Topics.all().stream().filter(topic -> topic.endsWith(Topics.DEAD_LETTER_SUFFIX))
                    .forEach(deadLetter -> assertThat(configs.get(deadLetter)).as(deadLetter).isEmpty());
            assertThat(configs).hasSize(Topics.all().size());
            assertThat(partitions(admin, Topics.TX_VALIDATED)).isEqualTo(3);
        }
    }

    @Test
    void existingTopicsKeepTheirPartitionsAndGetTheConfigsThatKeepTheirRecords() throws Exception {
        try (Admin admin = admin()) {
            deleteAll(admin);
            admin.createTopics(List.of(
                    new NewTopic(Topics.TX_VALIDATED, 1, (short) 1),
                    new NewTopic(Topics.LEDGER_BLOCKS, 5, (short) 1).configs(Map.of("retention.ms", "604800000",
                            "max.message.bytes", "2000000")),
                    new NewTopic(Topics.VAULT_KEYS, 2, (short) 1).configs(Map.of("cleanup.policy", "delete"))))
                    .all().get(30, TimeUnit.SECONDS);
            partitions(admin, Topics.VAULT_KEYS);

            setup(3).afterSingletonsInstantiated();

            assertThat(partitions(admin, Topics.TX_VALIDATED)).isEqualTo(1);
            assertThat(partitions(admin, Topics.LEDGER_BLOCKS)).isEqualTo(5);
            assertThat(partitions(admin, Topics.VAULT_KEYS)).isEqualTo(2);
            assertThat(partitions(admin, Topics.TX_SUBMITTED)).isEqualTo(3);
            await().atMost(PATIENCE).untilAsserted(() -> {
                var configs = topicConfigs(admin, List.of(Topics.TX_VALIDATED, Topics.LEDGER_BLOCKS, Topics.VAULT_KEYS));
                assertThat(configs.get(Topics.TX_VALIDATED)).isEqualTo(KEPT);
                // a config that is not declared is the operator's and stays
                assertThat(configs.get(Topics.LEDGER_BLOCKS)).isEqualTo(Map.of("retention.ms", "-1",
                        "retention.bytes", "-1", "max.message.bytes", "2000000"));
                assertThat(configs.get(Topics.VAULT_KEYS)).isEqualTo(COMPACTED);
            });
        }
    }

    @Test
    void nothingIsCreatedOrChangedWhenTopicCreationIsOff() throws Exception {
        try (Admin admin = admin()) {
            deleteAll(admin);
            admin.createTopics(List.of(new NewTopic(Topics.TX_VALIDATED, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);

            new TopicSetup(new KafkaAdmin(Map.of("bootstrap.servers", broker.getBrokersAsString())),
                    new TopicSettings(false, 3, (short) 1)).afterSingletonsInstantiated();

            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsExactly(Topics.TX_VALIDATED);
            assertThat(topicConfigs(admin, List.of(Topics.TX_VALIDATED)).get(Topics.TX_VALIDATED)).isEmpty();
        }
    }

    private static TopicSetup setup(int partitions) {
        return new TopicSetup(new KafkaAdmin(Map.of("bootstrap.servers", broker.getBrokersAsString())),
                new TopicSettings(true, partitions, (short) 1));
    }

    private static Admin admin() {
        return Admin.create(Map.<String, Object>of("bootstrap.servers", broker.getBrokersAsString()));
    }

    private static void deleteAll(Admin admin) throws Exception {
        var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        if (!existing.isEmpty()) {
            admin.deleteTopics(existing).all().get(30, TimeUnit.SECONDS);
        }
        await().atMost(PATIENCE)
                .until(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS).isEmpty());
    }

    /** A topic's partition count, once the broker describes it (a topic just created may be unknown for a moment). */
    private static int partitions(Admin admin, String topic) {
        return await().atMost(PATIENCE).ignoreExceptions().until(() -> admin.describeTopics(List.of(topic))
                .allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().size(), count -> count > 0);
    }

    /** The configs set on each topic itself, not the broker's defaults. */
    private static Map<String, Map<String, String>> topicConfigs(Admin admin, List<String> topics) {
        var resources = topics.stream().map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList();
        var described = await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS), all -> true);
        return described.entrySet().stream()
                .collect(Collectors.toMap(entry -> entry.getKey().name(), entry -> entry.getValue().entries().stream()
                        .filter(config -> config.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
                        .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value))));
    }
}
