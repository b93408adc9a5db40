package health.datasafe.recovery;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The recovery center: a witness copy of every committed block, integrity incidents and scheduled ledger audits. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class RecoveryServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(RecoveryServiceApplication.class, args);
    }
}
