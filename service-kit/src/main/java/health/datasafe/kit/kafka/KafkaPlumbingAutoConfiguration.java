package health.datasafe.kit.kafka;

import health.datasafe.kit.trust.Trust;
import health.datasafe.kit.trust.TrustAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka plumbing for every service that has Kafka: dead-letter publishing, the listeners' error handling (Spring Boot
 * applies the {@link CommonErrorHandler} and after-rollback processor beans to every listener container), the screens
 * of consumed records, and the topics.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        after = TrustAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(TopicSettings.class)
public class KafkaPlumbingAutoConfiguration {

    @Bean
    @ConditionalOnBean(KafkaTemplate.class)
    DeadLetters deadLetters(KafkaTemplate<?, ?> kafka) {
        return new DeadLetters(kafka);
    }

    @Bean
    @ConditionalOnBean(KafkaTemplate.class)
    CommonErrorHandler listenerErrorHandler(DeadLetters deadLetters) {
        return ListenerErrors.handler(deadLetters);
    }

    @Bean
    @ConditionalOnBean(KafkaTemplate.class)
    DefaultAfterRollbackProcessor<Object, Object> listenerAfterRollback(DeadLetters deadLetters,
                                                                       KafkaTemplate<?, ?> kafka) {
        return ListenerErrors.afterRollback(deadLetters, kafka);
    }

    @Bean
    EventReader eventReader(JsonMapper json) {
        return new EventReader(json);
    }

    @Bean
    BlockScreen blockScreen(EventReader events, Trust trust) {
        return new BlockScreen(events, trust.ledger());
    }

    @Bean
    DecisionScreen decisionScreen(EventReader events, Trust trust) {
        return new DecisionScreen(events, trust.validators());
    }

    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    TopicSetup topicSetup(KafkaAdmin kafka, TopicSettings settings) {
        return new TopicSetup(kafka, settings);
    }
}
