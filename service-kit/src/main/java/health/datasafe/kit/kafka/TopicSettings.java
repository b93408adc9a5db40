package health.datasafe.kit.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code dsh.kafka}: the topics of {@link health.datasafe.contracts.Topics} as a service creates them
 * when they are missing.
 *
 * @param createTopics      whether to create missing topics at start (off where an operator's job creates them)
 * @param partitions        partitions of each topic created; each partition of {@code dsh.tx.validated} is a ledger
 *                          shard, so this is fixed for the life of a ledger
 * @param replicationFactor replicas of each topic created
 */
@ConfigurationProperties("dsh.kafka")
public record TopicSettings(@DefaultValue("true") boolean createTopics, @DefaultValue("3") int partitions,
                            @DefaultValue("1") short replicationFactor) {

    public TopicSettings {
        if (partitions < 1 || replicationFactor < 1) {
            throw new IllegalArgumentException("dsh.kafka.partitions and dsh.kafka.replication-factor must be at least 1");
        }
    }
}
