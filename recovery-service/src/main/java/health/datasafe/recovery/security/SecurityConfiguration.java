package health.datasafe.recovery.security;

import health.datasafe.contracts.Role;
import health.datasafe.kit.security.AccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The recovery-service's own rules on top of the kit's security baseline: rebuilds are for admins only, the rest of
 * its API for auditors and admins.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    AccessRules recoveryAccess() {
        return requests -> requests
                .requestMatchers("/api/recovery/rebuilds", "/api/recovery/rebuilds/**").hasRole(Role.ADMIN.name())
                .requestMatchers("/api/recovery/**").hasAnyRole(Role.AUDITOR.name(), Role.ADMIN.name());
    }
}
