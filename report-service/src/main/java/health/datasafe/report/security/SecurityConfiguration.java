package health.datasafe.report.security;

import health.datasafe.contracts.Role;
import health.datasafe.kit.security.AccessRules;
import health.datasafe.kit.security.PatientPaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The report-service's own rules on top of the kit's security baseline: a patient's access log is read by that
 * patient, an auditor or an administrator; any other patient gets 403 before anything is looked up. The break-glass
 * register is for auditors and administrators. (Rebuilding the
 * access log is for administrators: the kit's rule.)
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    AccessRules reportAccess() {
        return requests -> requests
                .requestMatchers(HttpMethod.GET, "/api/patients/{patientId}/access-log")
                .access(PatientPaths.ownOr(Role.AUDITOR, Role.ADMIN))
                .requestMatchers(HttpMethod.GET, "/api/break-glass")
                .hasAnyRole(Role.AUDITOR.name(), Role.ADMIN.name());
    }
}
