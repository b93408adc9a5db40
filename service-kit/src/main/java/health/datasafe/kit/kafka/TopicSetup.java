package health.datasafe.kit.kafka;

import health.datasafe.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.core.KafkaAdmin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics of {@link Topics#all()} that are missing, with their {@link Topics#configs configs}, before the
 * listeners start; warns about existing ones whose partition count differs from {@code dsh.kafka.partitions}; and
 * sets the declared configs on existing topics that lack them (a topic created before they were declared would
 * otherwise delete records after the broker's default seven days). It never changes the partitions of an existing
 * topic: Spring's {@code KafkaAdmin} would add partitions to match a {@code NewTopic} bean, and a partition of
 * {@code dsh.tx.validated} is a ledger shard, so that would silently reshard the ledger. A broker that cannot be
 * reached is logged and left to the listeners, which wait for it.
 */
class TopicSetup implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final KafkaAdmin kafka;
    private final TopicSettings settings;

    TopicSetup(KafkaAdmin kafka, TopicSettings settings) {
        this.kafka = kafka;
        this.settings = settings;
    }

    /** The declarations: every topic of the system with the configured partitions and replicas and its configs. */
    List<NewTopic> declared() {
        return Topics.all().stream()
                .map(topic -> new NewTopic(topic, settings.partitions(), settings.replicationFactor())
                        .configs(Topics.configs(topic)))
                .toList();
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!settings.createTopics()) {
            return;
        }
        try (Admin admin = Admin.create(kafka.getConfigurationProperties())) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = declared().stream().filter(topic -> !existing.contains(topic.name())).toList();
            Set<String> createdMeanwhile = missing.isEmpty() ? Set.of() : create(admin, missing);
            // the ones just created have the configured count and configs; the broker may not describe them yet anyway
            List<String> older = Topics.all().stream()
                    .filter(topic -> existing.contains(topic) || createdMeanwhile.contains(topic))
                    .toList();
            Map<String, TopicDescription> described = admin.describeTopics(older).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            described.forEach((name, description) -> {
                if (description.partitions().size() != settings.partitions()) {
                    log.warn("Topic {} has {} partitions, dsh.kafka.partitions says {}: left as it is", name,
                            description.partitions().size(), settings.partitions());
                }
            });
            alignConfigs(admin, older);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("Could not check the topics on the broker ({}); the listeners will wait for them", e.toString());
        }
    }

    /** Creates the topics; answers those another creator made in the meantime, to be checked like any existing one. */
    private static Set<String> create(Admin admin, List<NewTopic> missing) throws InterruptedException, TimeoutException {
        Set<String> existed = new TreeSet<>();
        List<String> created = new ArrayList<>();
        for (var result : admin.createTopics(missing).values().entrySet()) {
            try {
                result.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                created.add(result.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create topic " + result.getKey() + ": " + e.getCause(),
                            e.getCause());
                }
                existed.add(result.getKey());
            }
        }
        if (!created.isEmpty()) {
            log.info("Created topics {}", created);
        }
        return existed;
    }

    /**
     * Sets each declared config that an existing topic has another value for, or takes from the broker's defaults;
     * leaves every other config alone.
     */
    private static void alignConfigs(Admin admin, Collection<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<ConfigResource> resources = topics.stream()
                .filter(topic -> !Topics.configs(topic).isEmpty())
                .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
                .toList();
        if (resources.isEmpty()) {
            return;
        }
        Map<ConfigResource, Config> current = admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        current.forEach((resource, config) -> {
            List<AlterConfigOp> ops = new ArrayList<>();
            Topics.configs(resource.name()).forEach((name, wanted) -> {
                ConfigEntry entry = config.get(name);
                String now = entry == null ? null : entry.value();
                // a broker default that happens to match is set on the topic too: the broker's defaults may change
                boolean own = entry != null && entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG;
                if (!own || !Objects.equals(now, wanted)) {
                    log.warn("Topic {} has {}={}{}; setting it to {}", resource.name(), name, now,
                            own ? "" : " (not its own)", wanted);
                    ops.add(new AlterConfigOp(new ConfigEntry(name, wanted), AlterConfigOp.OpType.SET));
                }
            });
            if (!ops.isEmpty()) {
                changes.put(resource, ops);
            }
        });
        if (!changes.isEmpty()) {
            admin.incrementalAlterConfigs(changes).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
