package health.datasafe.validator.decision;

import health.datasafe.kit.trust.Trust;
import health.datasafe.validator.consent.ConsentEngine;
import health.datasafe.validator.consent.EmergencyPolicy;
import health.datasafe.validator.consent.TrustedInitiators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.JdbcTransactionManager;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * The consent engine with the configured trusted initiators, the clock decisions are stamped with, and the database
 * transaction manager. The latter is declared here because the Kafka transaction manager (from
 * {@code spring.kafka.producer.transaction-id-prefix}) would otherwise make Spring Boot skip its JDBC one.
 */
@Configuration(proxyBeanMethods = false)
class DecisionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DecisionConfiguration.class);

    @Bean
    ConsentEngine consentEngine(Trust trust, EmergencyPolicy emergencies) {
        TrustedInitiators initiators = new TrustedInitiators(trust.initiators());
        if (initiators.keyIds().isEmpty()) {
            log.warn("dsh.trust.initiators is empty: every transaction will be rejected SIGNATURE_INVALID");
        } else {
            log.info("Trusting initiators {}", initiators.keyIds());
        }
        log.info("Emergency access: windows of at most {}, a patient's deny {}", emergencies.window(),
                emergencies.patientDeny());
        return new ConsentEngine(initiators, emergencies);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    DataSourceTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }
}
