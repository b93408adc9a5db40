package health.datasafe.recovery.security;

import health.datasafe.contracts.Role;
import health.datasafe.kit.security.AccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The recovery-service's own rule on top of the kit's security baseline: its API is for auditors and admins. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    AccessRules recoveryAccess() {
        return requests -> requests.requestMatchers("/api/recovery/**").hasAnyRole(Role.AUDITOR.name(), Role.ADMIN.name());
    }
}
