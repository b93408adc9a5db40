package health.datasafe.bench.replay;

import health.datasafe.kit.kafka.KafkaPlumbingAutoConfiguration;
import health.datasafe.kit.trust.TrustAutoConfiguration;
import health.datasafe.ledger.LedgerServiceApplication;
import health.datasafe.ledger.block.LedgerReplay;
import health.datasafe.ledger.intake.Intake;
import health.datasafe.ledger.node.NodeKey;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.core.ConsumerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/**
 * The ledger-service's own {@link LedgerReplay}, built by Spring from the service's classes as the service builds it:
 * with its {@link Intake} (which trusts the initiator key of {@code dsh.trust.initiators} and the validator key of
 * {@code dsh.trust.validators}, and reads records with Spring
 * Boot's JSON mapper through the service kit's event reader), its {@link NodeKey} (from {@code dsh.ledger.private-key})
 * and the consumer factory given, which stands for the one Spring Boot's Kafka auto-configuration makes. Nothing else
 * of the service is started.
 */
final class ReplayingNode implements AutoCloseable {

    private final AnnotationConfigApplicationContext context;

    /**
     * @param consumers    the Kafka consumers the replay reads with
     * @param nodeKey      base64 PKCS#8 Ed25519 private key the node signs blocks and checkpoints with
     * @param initiatorKey base64 X.509 Ed25519 public key of the one trusted initiator
     * @param validatorKey base64 X.509 Ed25519 public key of the one trusted validator
     */
    ReplayingNode(ConsumerFactory<String, byte[]> consumers, String nodeKey, String initiatorKey, String validatorKey) {
        context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("dsh-bench",
                Map.of("dsh.ledger.private-key", nodeKey, "dsh.trust.initiators", initiatorKey,
                        "dsh.trust.validators", validatorKey)));
        var consumerFactory = new RootBeanDefinition(ConsumerFactory.class, () -> consumers);
        consumerFactory.setTargetType(
                ResolvableType.forClassWithGenerics(ConsumerFactory.class, String.class, byte[].class));
        context.registerBeanDefinition("kafkaConsumerFactory", consumerFactory);
        context.register(Beans.class);
        context.refresh();
    }

    LedgerReplay replay() {
        return context.getBean(LedgerReplay.class);
    }

    Intake intake() {
        return context.getBean(Intake.class);
    }

    NodeKey nodeKey() {
        return context.getBean(NodeKey.class);
    }

    /** The JSON mapper the service reads records with, and the validator writes them with. */
    JsonMapper json() {
        return context.getBean(JsonMapper.class);
    }

    @Override
    public void close() {
        context.close();
    }

    /** What LedgerReplay needs, as the service's auto-configuration would provide it. */
    @Configuration(proxyBeanMethods = false)
    @ConfigurationPropertiesScan(basePackageClasses = LedgerServiceApplication.class)
    @Import({LedgerReplay.class, Intake.class, NodeKey.class})
    @ImportAutoConfiguration({JacksonAutoConfiguration.class, TrustAutoConfiguration.class,
            KafkaPlumbingAutoConfiguration.class})
    static class Beans {
    }
}
