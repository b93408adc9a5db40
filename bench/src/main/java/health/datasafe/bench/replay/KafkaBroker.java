package health.datasafe.bench.replay;

import health.datasafe.contracts.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.Map;

/**
 * A real Kafka broker in this JVM, the in-process KRaft broker dev-support's {@code RealInfrastructure} starts when
 * there is no Docker (spring-kafka-test's {@link EmbeddedKafkaKraftBroker}, with the same single-node settings), with
 * {@link Topics#TX_VALIDATED} created. Its logs are in a temporary directory, removed when it stops.
 */
final class KafkaBroker implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;

    private KafkaBroker(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    /** Starts the broker and creates {@link Topics#TX_VALIDATED} with this many partitions. */
    static KafkaBroker start(int partitions) {
        var broker = new EmbeddedKafkaKraftBroker(1, partitions);
        broker.brokerProperties(Map.of(
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "false"));
        broker.afterPropertiesSet();
        try {
            broker.addTopics(new NewTopic(Topics.TX_VALIDATED, partitions, (short) 1));
        } catch (RuntimeException e) {
            broker.destroy();
            throw e;
        }
        return new KafkaBroker(broker);
    }

    String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
