package health.datasafe.kit.trust;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The trusted keys of every role, as one {@link Trust} bean; an unreadable key stops the service at start. */
@AutoConfiguration
@EnableConfigurationProperties(TrustSettings.class)
public class TrustAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TrustAutoConfiguration.class);

    @Bean
    Trust trust(TrustSettings settings) {
        Trust trust = Trust.of(settings);
        log.info("Trusting initiator keys {}, ledger keys {} and validator keys {}", trust.initiators(), trust.ledger(),
                trust.validators());
        return trust;
    }
}
