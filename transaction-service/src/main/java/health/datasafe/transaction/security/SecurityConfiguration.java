package health.datasafe.transaction.security;

import health.datasafe.contracts.Role;
import health.datasafe.kit.security.AccessRules;
import health.datasafe.kit.security.PatientPaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The transaction-service's own rules on top of the kit's security baseline. Under {@code /api/patients/{patientId}}
 * a patient acts only on their own data: any other patient gets 403 before anything is looked up, so the answer is
 * the same whether that patient exists or not. A patient's consents are listed to her alone; she grants and revokes
 * them, and so may a clinician she made her delegate (the validator decides whether he is one, and refuses a clinician
 * who is not alike for a patient who exists and one who does not); records are added by the patient or by clinicians
 * and read by them or by auditors (the validator then decides by consent, and lets an auditor read only the reason of
 * a break-glass); only the patient erases one of her records; only a clinician breaks the glass, and only an auditor reviews one;
 * nothing else under a patient's path is served.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    AccessRules transactionAccess() {
        return requests -> requests
                .requestMatchers(HttpMethod.POST, "/api/patients/{patientId}/consents")
                .access(PatientPaths.ownOr(Role.CLINICIAN))
                .requestMatchers(HttpMethod.DELETE, "/api/patients/{patientId}/consents/{consentId}")
                .access(PatientPaths.ownOr(Role.CLINICIAN))
                .requestMatchers("/api/patients/{patientId}/consents", "/api/patients/{patientId}/consents/**")
                .access(PatientPaths.ownOr())
                .requestMatchers(HttpMethod.POST, "/api/patients/{patientId}/records")
                .access(PatientPaths.ownOr(Role.CLINICIAN))
                .requestMatchers(HttpMethod.GET, "/api/patients/{patientId}/records/{recordId}")
                .access(PatientPaths.ownOr(Role.CLINICIAN, Role.AUDITOR))
                .requestMatchers(HttpMethod.DELETE, "/api/patients/{patientId}/records/{recordId}")
                .access(PatientPaths.ownOr())
                .requestMatchers(HttpMethod.GET, "/api/patients/{patientId}/records/{recordId}/erasure")
                .access(PatientPaths.ownOr(Role.AUDITOR))
                .requestMatchers(HttpMethod.POST, "/api/patients/{patientId}/break-glass")
                .hasRole(Role.CLINICIAN.name())
                .requestMatchers(HttpMethod.POST, "/api/patients/{patientId}/break-glass/{consentId}/reviews")
                .hasRole(Role.AUDITOR.name())
                .requestMatchers("/api/patients/**").denyAll();
    }
}
