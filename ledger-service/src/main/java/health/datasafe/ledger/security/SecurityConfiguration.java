package health.datasafe.ledger.security;

import health.datasafe.contracts.Role;
import health.datasafe.kit.security.AccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The ledger-service's own rule on top of the kit's security baseline: re-verifying the whole ledger, exporting
 * bundles of it (every transaction's canonical JSON) and handing in a witness's cosignature are for auditors and
 * admins (rebuilding it, for admins, is the
 * kit's rule); everything else needs any valid
 * token (the controllers narrow what a patient sees).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    AccessRules ledgerAccess() {
        return requests -> requests
                .requestMatchers(HttpMethod.GET, "/api/ledger/verify", "/api/ledger/export")
                .hasAnyRole(Role.AUDITOR.name(), Role.ADMIN.name())
                .requestMatchers(HttpMethod.POST, "/api/ledger/checkpoints/cosignatures")
                .hasAnyRole(Role.AUDITOR.name(), Role.ADMIN.name());
    }
}
