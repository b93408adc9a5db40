package health.datasafe.kit.kafka;

import health.datasafe.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.core.KafkaAdmin;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics of {@link Topics#all()} that are missing, before the listeners start, and warns about existing
 * ones whose partition count differs from {@code dsh.kafka.partitions}. It never changes an existing topic: Spring's
 * {@code KafkaAdmin} would add partitions to match a {@code NewTopic} bean, and a partition of
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

    /** The declarations: every topic of the system with the configured partitions and replicas. */
    List<NewTopic> declared() {
        return Topics.all().stream()
                .map(topic -> new NewTopic(topic, settings.partitions(), settings.replicationFactor()))
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
            if (!missing.isEmpty()) {
                create(admin, missing);
            }
            // the ones just created have the configured count; the broker may not describe them yet anyway
            List<String> older = Topics.all().stream().filter(existing::contains).toList();
            Map<String, TopicDescription> described = admin.describeTopics(older).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            described.forEach((name, description) -> {
                if (description.partitions().size() != settings.partitions()) {
                    log.warn("Topic {} has {} partitions, dsh.kafka.partitions says {}: left as it is", name,
                            description.partitions().size(), settings.partitions());
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("Could not check the topics on the broker ({}); the listeners will wait for them", e.toString());
        }
    }

    private static void create(Admin admin, List<NewTopic> missing) throws InterruptedException, TimeoutException {
        try {
            admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topics: " + e.getCause(), e.getCause());
            }
        }
    }
}
