package health.datasafe.validator.security;

import health.datasafe.contracts.Role;
import health.datasafe.kit.security.AccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The validator-service's own rule on top of the kit's security baseline: rebuilding its state is for admins;
 * everything else needs any valid token (and finds nothing: the validator serves no data).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    AccessRules validatorAccess() {
        return requests -> requests
                .requestMatchers("/api/validator/rebuilds", "/api/validator/rebuilds/**").hasRole(Role.ADMIN.name());
    }
}
