package health.datasafe.kit.web;

import health.datasafe.kit.problem.ReactiveProblems;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The reactive service's (the gateway's) share of {@code dsh.http}: the {@link ReactiveRequestsInFlight} bound of
 * {@code dsh.http.max-requests-in-flight}, first of all filters (before security, so a flood without tokens is shed
 * too).
 */
@AutoConfiguration(afterName = "health.datasafe.kit.problem.ReactiveProblemAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(HttpSettings.class)
public class ReactiveRequestLimitsAutoConfiguration {

    @Bean
    ReactiveRequestsInFlight reactiveRequestsInFlight(HttpSettings settings, ReactiveProblems problems) {
        return new ReactiveRequestsInFlight(settings.maxRequestsInFlight(), problems);
    }
}
